#include "report/handout.h"

#include <algorithm>
#include <set>

#include "catalogue/catalogue.h"
#include "report/words.h"

namespace mesoclinic::report {
namespace {

// The words for a rule: the catalogue's for the ids it knows, a generic sentence naming a
// clinic-defined rule otherwise.
std::string rule_words(const std::string& language, const std::string& rule_id) {
  return catalogue::rule_text(language, "aftercare.rule.", rule_id);
}

void escape_into(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

std::string escaped(std::string_view text) {
  std::string out;
  escape_into(out, text);
  return out;
}

// Escaped, with line breaks kept as <br> (addresses span lines).
std::string escaped_lines(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "<br>";
    } else if (c != '\r') {
      escape_into(out, std::string_view(&c, 1));
    }
  }
  return out;
}

}  // namespace

Handout make_handout(const clinic::Clinic& clinic, const ClinicZone& zone,
                     clinic::ClinicContact contact, const clinic::Patient& patient,
                     const PatientAppointment& session, const clinic::AftercarePlan& plan,
                     const std::vector<PatientAppointment>& appointments, std::string language) {
  Handout handout;
  handout.language = std::move(language);
  handout.clinic_name = clinic.name;
  handout.contact = std::move(contact);
  handout.patient_name =
      std::string(patient.details.given_name).append(" ").append(patient.details.family_name);
  handout.session_end = zone.to_local(plan.session_end);
  for (const auto& restriction : plan.restrictions) {
    handout.restrictions.push_back({restriction.rule_id, zone.to_local(restriction.until),
                                    restriction.better_until
                                        ? std::optional(zone.to_local(*restriction.better_until))
                                        : std::nullopt});
  }
  handout.healed_from = zone.to_local(plan.healed_at).date;
  if (const PatientAppointment* next = planning::next_session(appointments, session)) {
    handout.next_appointment = HandoutAppointment{zone.to_local(next->starts_at), clinic.name};
    handout.next_inside_healing = clinic::inside_healing_period(plan, next->starts_at);
  }
  return handout;
}

HandoutWords handout_words(const Handout& handout) {
  const std::string& language = handout.language;
  // Every value people typed (names, contact) sits in a first-strong isolate (U+2068 ..
  // U+2069): an Arabic or Hebrew name then keeps its own direction without turning the
  // sentence around it. Dates come from the catalogue in the handout's own language.
  const auto text = [&](std::string_view key,
                        const std::map<std::string, std::string>& values = {}) {
    static const std::set<std::string> kTyped = {"patient", "clinic", "phone", "email", "address"};
    std::map<std::string, std::string> isolated;
    for (const auto& [name, value] : values) {
      isolated.emplace(name, kTyped.contains(name)
                                 ? std::string("\u2068").append(value).append("\u2069")
                                 : value);
    }
    return catalogue::text(language, key, isolated);
  };
  HandoutWords words;
  words.clinic_name = handout.clinic_name;
  words.title = text("handout.title");
  words.patient = text("handout.patient", {{"patient", handout.patient_name}});
  words.session = text("handout.session",
                       {{"when", catalogue::format_day_time(language, handout.session_end)}});
  words.restrictions_heading = text("handout.restrictions");
  words.rule_heading = text("handout.rule");
  words.until_heading = text("handout.until_heading");
  for (const auto& restriction : handout.restrictions) {
    const std::string until = catalogue::format_day_time(language, restriction.until);
    words.rows.emplace_back(
        rule_words(language, restriction.rule_id),
        restriction.better_until
            ? text("handout.until_better",
                   {{"until", until},
                    {"better", catalogue::format_day_time(language, *restriction.better_until)}})
            : text("handout.until", {{"until", until}}));
  }
  const std::string healed_day = catalogue::format_day(language, handout.healed_from);
  words.healed = text("handout.healed", {{"day", healed_day}});
  words.next_heading = text("handout.next");
  if (handout.next_appointment) {
    words.next =
        text("handout.next_when",
             {{"when", catalogue::format_day_time(language, handout.next_appointment->starts_at)},
              {"clinic", handout.next_appointment->clinic_name}});
    if (handout.next_inside_healing) {
      words.conflict = text("handout.next_conflict", {{"day", healed_day}});
    }
  } else {
    words.next = text("handout.next_none");
  }
  words.worries = text("handout.worries");
  words.contact_heading = text("handout.contact");
  const auto& contact = handout.contact;
  if (contact.phone) words.contact.push_back(text("handout.phone", {{"phone", *contact.phone}}));
  if (contact.email) words.contact.push_back(text("handout.email", {{"email", *contact.email}}));
  if (contact.address) {
    words.contact.push_back(text("handout.address", {{"address", *contact.address}}));
  }
  return words;
}

std::string render_handout_html(const Handout& handout) {
  const HandoutWords words = handout_words(handout);
  std::string html;
  html.reserve(4096);
  html += "<!DOCTYPE html>\n<html lang=\"";
  html += escaped(handout.language);
  html +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += escaped(words.title);
  html += " | ";
  html += escaped(words.clinic_name);
  // Only inline styles: the page is saved, mailed and printed, and must need nothing else.
  html +=
      "</title>\n<style>\n"
      "body { font-family: \"DejaVu Sans\", Verdana, sans-serif; color: #111; "
      "line-height: 1.45; max-width: 44em; margin: 2em auto; padding: 0 1em; }\n"
      ".clinic { font-weight: bold; font-size: 1.1em; }\n"
      "h1 { font-size: 1.6em; margin: 0.2em 0 0.6em; }\n"
      "h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #888; }\n"
      "table { border-collapse: collapse; width: 100%; }\n"
      "th, td { text-align: left; vertical-align: top; padding: 0.4em 0.5em; "
      "border-bottom: 1px solid #ccc; }\n"
      ".conflict { font-weight: bold; color: #a00000; }\n"
      "footer { margin-top: 2.5em; border-top: 1px solid #888; padding-top: 0.6em; "
      "font-size: 0.9em; }\n"
      "@media print { body { margin: 0; max-width: none; } }\n"
      "</style>\n</head>\n<body>\n<header>\n<p class=\"clinic\">";
  html += escaped(words.clinic_name);
  html += "</p>\n<h1>";
  html += escaped(words.title);
  html += "</h1>\n<p>";
  html += escaped(words.patient);
  html += "<br>";
  html += escaped(words.session);
  html += "</p>\n</header>\n<main>\n<h2>";
  html += escaped(words.restrictions_heading);
  html += "</h2>\n<table>\n<thead><tr><th scope=\"col\">";
  html += escaped(words.rule_heading);
  html += "</th><th scope=\"col\">";
  html += escaped(words.until_heading);
  html += "</th></tr></thead>\n<tbody>\n";
  for (const auto& [rule, until] : words.rows) {
    html += "<tr><td>";
    html += escaped(rule);
    html += "</td><td>";
    html += escaped(until);
    html += "</td></tr>\n";
  }
  html += "</tbody>\n</table>\n<p>";
  html += escaped(words.healed);
  html += "</p>\n<h2>";
  html += escaped(words.next_heading);
  html += "</h2>\n<p>";
  html += escaped(words.next);
  html += "</p>\n";
  if (words.conflict) {
    html += "<p class=\"conflict\">";
    html += escaped(*words.conflict);
    html += "</p>\n";
  }
  html += "<p>";
  html += escaped(words.worries);
  html += "</p>\n</main>\n<footer>\n<p><strong>";
  html += escaped(words.contact_heading);
  html += "</strong><br>";
  html += escaped(words.clinic_name);
  for (const auto& line : words.contact) {
    html += "<br>";
    html += escaped_lines(line);
  }
  html += "</p>\n</footer>\n</body>\n</html>\n";
  return html;
}

}  // namespace mesoclinic::report
