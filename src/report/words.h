// Private to report/: the handout's sentences in its language, shared by the PDF and the HTML
// page so both say exactly the same.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/handout.h"

namespace mesoclinic::report {

struct HandoutWords {
  std::string clinic_name;
  std::string title;
  std::string patient;
  std::string session;
  std::string restrictions_heading;
  std::string rule_heading;
  std::string until_heading;
  std::vector<std::pair<std::string, std::string>> rows;  // what to avoid, until when
  std::string healed;
  std::string next_heading;
  std::string next;
  std::optional<std::string> conflict;
  std::string worries;
  std::string contact_heading;
  std::vector<std::string> contact;  // phone, e-mail, address (each if the clinic has it)
};

HandoutWords handout_words(const Handout& handout);

}  // namespace mesoclinic::report
