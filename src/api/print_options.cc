#include "api/print_options.h"

#include <algorithm>

#include "catalogue/catalogue.h"

namespace mesoclinic::api {

PrintOptions read_print_options(const http::Request& request, std::vector<FieldError>& errors) {
  PrintOptions read;
  if (const auto paper = request.query_param("paper")) {
    if (*paper == "a4") {
      read.paper = report::PaperSize::kA4;
    } else if (*paper == "letter") {
      read.paper = report::PaperSize::kLetter;
    } else {
      errors.push_back({"paper", "must be a4 or letter"});
    }
  }
  if (const auto language = request.query_param("lang")) {
    const auto& known = catalogue::languages();
    if (std::find(known.begin(), known.end(), *language) == known.end()) {
      std::string allowed;
      for (const auto& name : known) allowed.append(allowed.empty() ? "" : ", ").append(name);
      errors.push_back(
          {"lang", std::string("must be one of the catalogue's languages: ").append(allowed)});
    } else {
      read.language = *language;
    }
  }
  return read;
}

std::string print_language(const PrintOptions& options, const std::string& preferred) {
  return options.language ? *options.language : catalogue::pick_language(preferred);
}

}  // namespace mesoclinic::api
