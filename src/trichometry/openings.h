// Follicle openings: where hairs leave the scalp. A hair leaves through a pit wider than its
// shaft and a little darker than the skin; a cut or tapered tip has bare skin beside it. Internal
// to trichometry.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace mesoclinic::trichometry {

// A follicle opening's radius (pixels) around the exit of a shaft `width` pixels wide: a pit
// about twice as wide as the shaft, and the lens's blur.
double opening_radius(double width);

// Beside an exit's shaft its follicle opening is at least this much darker than the skin.
inline constexpr double kOpeningDarkness = 0.05;

// How much darker than the skin a little further out the skin is around one end of a centre line
// (the back end if `back`) of a shaft `width` pixels wide, within the rim of the opening it would
// leave the scalp through: beside the shaft and past its end. Measured from where the shaft
// itself ends (found in the darkness, not taken from the line's end).
struct EndOpening {
  double strongest = 0;    // the darker of the two: is there an opening at all
  double surrounding = 0;  // the lighter: does it lie around the end, as the hair's own opening
                           // does, rather than to one side or ahead (a neighbour's)
};

// The opening at a line's end; 0 both where nothing can be told: the shaft runs on into another
// or off the image, or what is there is darker than any opening. Where only one of the two can
// be measured (the rest off the image, or only shafts beyond the rim), it stands for both.
EndOpening opening_at(const std::vector<cv::Point>& line, bool back, const cv::Mat& darkness,
                      double width);

// How much darker the skin within the rim of an opening around `centre` (where a shaft `width`
// pixels wide would leave the scalp) is than the skin just beyond the rim, all round; the shafts
// (`shafts`: hair pixels grown by a pixel, 8-bit) and anything darker than an opening are left
// out, so shafts crossing there do not pass for one. kNoSkinAround where too little skin shows.
inline constexpr double kNoSkinAround = -1;
double opening_around(const cv::Mat& darkness, const cv::Mat& shafts, const cv::Point& centre,
                      double width);

// Where along a centre line an opening shows all round (each run of such points no longer than
// an opening is wide, where it shows most), but not around the line's own exit (its front, if
// `exit_in_front`): a hair leaving the scalp under or against the one traced, whose own shaft
// the tracing joined to it or which that one lies over. Indexes into `line`, in order.
std::vector<int> openings_along(const std::vector<cv::Point>& line, const cv::Mat& darkness,
                                const cv::Mat& shafts, double width, bool exit_in_front);

// An opening already accounted for: a found exit's, `radius` pixels round `at`.
struct KnownOpening {
  cv::Point2d at;
  double radius = 0;
};

// A follicle opening on the skin beside the shafts, and the hair leaving through it: `exit`, the
// hair pixel it shows round most, where that hair is `width` pixels wide (its hair pixels'), and
// `seen`, the middle of the skin where the opening shows.
struct OpeningBeside {
  cv::Point exit;
  double width = 0;
  cv::Point2d seen;
};

// Exits shown only by their openings on the skin beside the shafts: where a thick hair (at least
// `thickest_width` pixels wide) leaves the scalp against another shaft and merges with it at
// once, no traced line ends, but its opening still shows round it. Each is a patch of skin
// darker than the rest (off the `hair_pixels` and their edges; no smaller than a thin hair's
// opening, no larger than the widest hair's, `widest` pixels; dark enough somewhere to be one;
// on mottled skin, where such patches come out too large, the darker ones within them), lying
// within two widths of a thick hair pixel round which an opening clearly shows (as
// opening_around). Patches within the `known` openings are left out. `depth` is the hair pixels'
// distance transform; `shafts` as for opening_around.
std::vector<OpeningBeside> openings_beside(const cv::Mat& darkness, const cv::Mat& smooth_darkness,
                                           const cv::Mat& hair_pixels, const cv::Mat& depth,
                                           const cv::Mat& shafts, double thickest_width,
                                           double widest, const std::vector<KnownOpening>& known);

}  // namespace mesoclinic::trichometry
