#include "clinic/trichometry.h"

#include <chrono>
#include <cmath>

namespace mesoclinic::clinic {

std::vector<OutcomeMeasurement> trichoscopy_measurements(const HairFigures& figures,
                                                         const Photo& photo) {
  std::vector<std::pair<Measure, double>> values = {
      {Measure::kHairDensity, figures.density_per_cm2}};
  // With no hair counted there is no diameter to speak of, nor a share of fine ones.
  if (figures.hair_count > 0) {
    values.insert(values.end(), {{Measure::kMeanShaftDiameter, figures.mean_diameter_um},
                                 {Measure::kDiameterDiversity, figures.diameter_cv_percent},
                                 {Measure::kVellusShare, figures.vellus_share_percent}});
  }
  std::vector<OutcomeMeasurement> measurements;
  for (const auto& [measure, value] : values) {
    OutcomeMeasurement measurement{.time_point = photo.time_point,
                                   .measure = measure,
                                   // To a tenth, as staff would write it down.
                                   .value = std::round(value * 10) / 10,
                                   .unit = std::string(unit_of(measure)),
                                   .zone = photo.zone,
                                   .method = Method::kTrichoscopy};
    if (check_outcome(measurement, "").empty()) measurements.push_back(std::move(measurement));
  }
  return measurements;
}

const HairFigures& figures_of(const TrichometryResult& result) {
  return result.correction ? result.correction->figures : result.figures;
}

namespace {

// Whether `earlier` is another image of the same site as `image`, taken before it; refused under
// `field` otherwise.
Result<void> check_same_site(const Photo& earlier, const Photo& image, const std::string& field) {
  const auto refuse = [&](std::string why) {
    return invalid({{field, std::move(why)}}, "These two images cannot be compared.");
  };
  if (earlier.id == image.id) return refuse("is this same image");
  if (earlier.patient_id != image.patient_id) return refuse("is another patient's image");
  if (earlier.kind != PhotoKind::kTrichoscopy || earlier.zone != image.zone) {
    return refuse("is not a trichoscopy image of the same zone");
  }
  if (!(earlier.taken_at < image.taken_at)) return refuse("was not taken before this image");
  return {};
}

}  // namespace

Result<void> check_comparable(const Photo& baseline, const Photo& follow_up) {
  return check_same_site(baseline, follow_up, "/baseline");
}

Result<double> growth_days(const Photo& day_0, const Photo& later, const std::string& field) {
  if (auto same = check_same_site(day_0, later, field); !same) return std::unexpected(same.error());
  const auto refuse = [&](std::string why) {
    return invalid({{field, std::move(why)}}, "These two images are no phototrichogram.");
  };
  // The site is clipped and imaged twice for one time point of the course.
  if (day_0.time_point != later.time_point) return refuse("is of another time point");
  const double days =
      std::chrono::duration<double, std::ratio<86400>>(later.taken_at - day_0.taken_at).count();
  if (days < kShortestGrowthDays || days > kLongestGrowthDays) {
    const std::string apart = days < 2 ? std::to_string(static_cast<int>(days * 24)) + " hours"
                                       : std::to_string(static_cast<int>(days)) + " days";
    return refuse("was taken " + apart +
                  " before this image; a phototrichogram needs 12 hours to 14 days (2 to 3 days "
                  "is usual)");
  }
  return days;
}

Result<void> check_anagen_recordable(const TrichometryResult& day_0, const TrichometryResult& later,
                                     int hairs_followed, const std::string& field) {
  if (!day_0.accepted_at || !later.accepted_at) {
    return fail(ErrorCode::kConflict,
                "Accept both images' hair counts first: the anagen share is recorded only from "
                "hairs checked on both.");
  }
  if (hairs_followed < kFewestHairsFollowed) {
    return invalid({{field, "shares only " + std::to_string(hairs_followed) +
                                " counted hairs with this image; an anagen share needs at least " +
                                std::to_string(kFewestHairsFollowed)}},
                   "Too few hairs were followed from day 0 to record an anagen share.");
  }
  return {};
}

OutcomeMeasurement anagen_measurement(double anagen_share_percent, const Photo& later) {
  return {.time_point = later.time_point,
          .measure = Measure::kAnagenShare,
          .value = std::round(anagen_share_percent * 10) / 10,
          .unit = std::string(unit_of(Measure::kAnagenShare)),
          .zone = later.zone,
          .method = Method::kPhototrichogram};
}

Result<void> check_under_review(const TrichometryResult& result) {
  if (result.accepted_at) {
    return fail(ErrorCode::kConflict,
                "This result has been accepted and is final: its figures are the course's "
                "measurements, which are never edited.");
  }
  return {};
}

}  // namespace mesoclinic::clinic
