// Private to api/: the query parameters every printable document takes: the paper it is laid out
// for and the language it is written in (the patient's own when not named).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/http.h"
#include "report/handout.h"

namespace mesoclinic::api {

struct PrintOptions {
  report::PaperSize paper = report::PaperSize::kA4;
  std::optional<std::string> language;  // a catalogue language; the patient's when absent
};

// `paper` (a4 or letter) and `lang` (a catalogue language), each checked against its few allowed
// values; what is wrong goes into `errors` under the parameter's name.
PrintOptions read_print_options(const http::Request& request, std::vector<FieldError>& errors);

// The language to print in: the one asked for, or the catalogue's best for the patient's own.
std::string print_language(const PrintOptions& options, const std::string& preferred);

}  // namespace mesoclinic::api
