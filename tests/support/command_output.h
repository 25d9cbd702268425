// Test support: running the tools that read our files back (poppler, python3-icalendar) and
// comparing the text they print.
#pragma once

#include <string>

namespace mesoclinic::testing {

// Runs a shell command (our own, with paths we made) and returns its standard output; a
// non-zero exit fails the current test, naming the command.
std::string command_output(const std::string& command);

// Text with every run of spaces and line breaks made one space, so a phrase is found however a
// page wrapped it.
std::string words_only(const std::string& text);

}  // namespace mesoclinic::testing
