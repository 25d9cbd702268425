// Times a document renderer: `render` makes one document and returns its size in bytes; the
// line printed says the time per document, documents per second and the size.
#pragma once

#include <chrono>
#include <cstdio>

namespace mesoclinic::bench {

template <class Render>
void time_documents(const char* what, int documents, Render render) {
  using namespace std::chrono;
  std::size_t bytes = 0;
  const auto started = steady_clock::now();
  for (int i = 0; i < documents; ++i) bytes += render();
  const double seconds = duration<double>(steady_clock::now() - started).count();
  std::printf("%-26s %6d documents  %8.2f ms each  %8.1f documents/s  %8zu bytes each\n", what,
              documents, 1000 * seconds / documents, documents / seconds, bytes / documents);
}

}  // namespace mesoclinic::bench
