// Times what one photo upload costs the server beyond HTTP and the database row: the checks, a
// whole decode of a camera-size JPEG, turning it upright, stripping its metadata, re-encoding it,
// making its thumbnail, and writing both files durably (fsync, rename, folder fsync). Prints
// uploads per second on one thread and on every core. A clinic takes a few dozen photos a day;
// this bounds the server's time per photo, not a throughput target.
// Usage: photo_upload [uploads per thread] [width] [height]
#include <vips/vips.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.h"
#include "media/media.h"

using namespace std::chrono;
namespace media = mesoclinic::media;

namespace {

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "photo_upload: %s\n", why.c_str());
  std::exit(1);
}

// A camera's JPEG: textured like skin and hair (blurred noise over gradients, so it compresses
// as a photo does, not as a flat test card), EXIF with a GPS position, held sideways
// (orientation 6, so every upload is turned), quality 92.
std::string camera_jpeg(int width, int height) {
  if (VIPS_INIT("photo_upload") != 0) die("libvips did not start");
  VipsImage *noise = nullptr, *texture = nullptr, *shade = nullptr, *bands = nullptr,
            *photo = nullptr;
  void* data = nullptr;
  std::size_t size = 0;
  const bool made =
      vips_gaussnoise(&noise, width, height, "mean", 110.0, "sigma", 45.0, nullptr) == 0 &&
      vips_gaussblur(noise, &texture, 1.2, nullptr) == 0 &&
      vips_linear1(texture, &shade, 0.9, 20, nullptr) == 0 &&
      vips_bandjoin(std::array{texture, shade, texture}.data(), &bands, 3, nullptr) == 0 &&
      vips_cast_uchar(bands, &photo, nullptr) == 0;
  if (!made) die(vips_error_buffer());
  vips_image_set_string(photo, "exif-ifd0-Make", "ClinicCam");
  vips_image_set_string(photo, "exif-ifd3-GPSLatitude", "41/1 0/1 30/1");
  vips_image_set_int(photo, VIPS_META_ORIENTATION, 6);
  if (vips_jpegsave_buffer(photo, &data, &size, "Q", 92, nullptr) != 0) die(vips_error_buffer());
  std::string bytes(static_cast<const char*>(data), size);
  g_free(data);
  for (VipsImage* image : {noise, texture, shade, bands, photo}) g_object_unref(image);
  return bytes;
}

// Time spent in each part of the uploads, summed over threads.
struct Parts {
  std::atomic<long long> prepare_us{0};
  std::atomic<long long> files_us{0};
};

// One upload as the server handles it, minus HTTP and the row.
void upload(const std::string& jpeg, const media::PhotoFiles& files, Parts& parts) {
  const auto started = steady_clock::now();
  auto prepared = media::prepare_photo(jpeg);
  if (!prepared) die(prepared.error().message);
  const auto* photo = std::get_if<media::PreparedPhoto>(&*prepared);
  if (!photo) die("refused: " + std::get<media::Refusal>(*prepared).detail);
  const auto decoded = steady_clock::now();
  if (!files.put(photo->image) || !files.put(photo->thumbnail)) die("cannot write the files");
  parts.prepare_us += duration_cast<microseconds>(decoded - started).count();
  parts.files_us += duration_cast<microseconds>(steady_clock::now() - decoded).count();
}

void measure(int threads, int per_thread, const std::vector<std::string>& jpegs,
             const media::PhotoFiles& files) {
  Parts parts;
  const auto started = steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) upload(jpegs[(t + i) % jpegs.size()], files, parts);
    });
  }
  for (auto& worker : workers) worker.join();
  const double seconds = duration<double>(steady_clock::now() - started).count();
  const int uploads = threads * per_thread;
  std::printf(
      "%d thread%s %5d uploads  %8.1f ms each  %6.2f uploads/s  (per upload: %.0f ms checks, "
      "decode, upright, strip, JPEG and thumbnail; %.1f ms the two durable writes)\n",
      threads, threads == 1 ? " " : "s", uploads, 1000 * seconds / uploads, uploads / seconds,
      parts.prepare_us / 1000.0 / uploads, parts.files_us / 1000.0 / uploads);
}

}  // namespace

int main(int argc, char** argv) {
  const int per_thread = argc > 1 ? std::atoi(argv[1]) : 10;
  const int width = argc > 2 ? std::atoi(argv[2]) : 4000;
  const int height = argc > 3 ? std::atoi(argv[3]) : 3000;
  // Distinct photos, so the content-addressed folder writes every one instead of finding it kept.
  std::vector<std::string> jpegs;
  for (int i = 0; i < 4; ++i) jpegs.push_back(camera_jpeg(width, height));
  std::printf("camera JPEG %d x %d, %.1f MB, EXIF with GPS, orientation 6\n", width, height,
              static_cast<double>(jpegs[0].size()) / (1024 * 1024));
  const auto root =
      std::filesystem::temp_directory_path() / ("photo-upload-bench-" + mesoclinic::random_hex(6));
  auto files = media::PhotoFiles::open(root);
  if (!files) die(files.error().message);
  Parts warm_up;
  upload(jpegs[0], *files, warm_up);  // libvips starts once
  measure(1, per_thread, jpegs, *files);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (cores > 1) measure(cores, per_thread, jpegs, *files);
  std::filesystem::remove_all(root);
  return 0;
}
