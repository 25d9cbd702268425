// /api/v1/rule-sets: the contraindication rule files. Loading one makes it the version in force;
// a file with any mistake is refused whole and the version in force stays. Old versions remain
// readable, so a decision can always show the rules it was made under.
#include "api/access.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/routes.h"
#include "core/text.h"

namespace mesoclinic::api {
namespace {

Json summary(const store::StoredRuleSet& rule_set) {
  return Json{{"version", rule_set.version},
              {"name", rule_set.name},
              {"loaded_at", format_rfc3339(rule_set.loaded_at)},
              {"loaded_by", rule_set.loaded_by}};
}

Json to_json(const store::StoredRuleSet& rule_set, const clinic::RuleSet& parsed) {
  Json rules = Json::array();
  for (const auto& rule : parsed.rules) {
    rules.push_back({{"id", rule.id},
                     {"when", rule.when},
                     {"outcome", clinic::to_string(rule.outcome)},
                     {"explanation", rule.explanation}});
  }
  Json reply = summary(rule_set);
  reply["rules"] = std::move(rules);
  reply["source"] = rule_set.source;
  return reply;
}

http::Response load_rule_set(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  const auto type = request.header("content-type").value_or("");
  if (!type.starts_with("application/toml") && !type.starts_with("text/plain")) {
    return http::problem(415, "Unsupported media type",
                         "Send the rule file itself as application/toml.");
  }
  if (!is_valid_utf8(request.body)) {
    return http::problem(400, "Malformed body", "The rule file is not valid UTF-8.");
  }
  // The file is kept as sent: it must survive both engines byte for byte (no NUL, no controls).
  if (auto problem = text_policy_problem(request.body, TextKind::kNote, request.body.size())) {
    return http::problem_from(invalid({{"", "the rule file " + *problem}}).error());
  }
  auto parsed = clinic::parse_rule_set(request.body);
  if (!parsed) return http::problem_from(parsed.error());
  store::StoredRuleSet rule_set{0, parsed->name, request.body, now(), caller.user->id};
  return create_idempotently(
      store, request, caller, "POST /api/v1/rule-sets", [&](Work& work) -> Result<http::Response> {
        auto current = work.tx.find_rule_set(std::nullopt);
        if (!current) return std::unexpected(current.error());
        rule_set.version = *current ? (*current)->version + 1 : 1;
        if (auto inserted = work.tx.insert_rule_set(rule_set); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("rule_set.load", "rule_set", std::to_string(rule_set.version));
        return json_reply(201, to_json(rule_set, *parsed))
            .with_header("Location", "/api/v1/rule-sets/" + std::to_string(rule_set.version));
      });
}

http::Response list_rule_sets(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto rule_sets = work.tx.list_rule_sets();
                  if (!rule_sets) return std::unexpected(rule_sets.error());
                  Json items = Json::array();
                  for (const auto& rule_set : *rule_sets) items.push_back(summary(rule_set));
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

http::Response read_rule_set(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  const auto version = whole_number(request.path_params.at("id"), 1);
  if (!version) return http::problem(404, "Not found", "Rule-set versions are numbers from 1.");
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto rule_set = work.tx.find_rule_set(*version);
                  if (!rule_set) return std::unexpected(rule_set.error());
                  if (!*rule_set)
                    return fail(ErrorCode::kNotFound, "No rule set has this version.");
                  auto parsed = clinic::parse_rule_set((*rule_set)->source);
                  if (!parsed)
                    return fail(ErrorCode::kInternal, "a stored rule set no longer parses");
                  return json_reply(200, to_json(**rule_set, *parsed));
                });
}

}  // namespace

void add_rule_set_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/rule-sets", with_store(store, load_rule_set), limits);
  gate.add(router, "GET", "/api/v1/rule-sets", with_store(store, list_rule_sets), limits);
  gate.add(router, "GET", "/api/v1/rule-sets/{id}", with_store(store, read_rule_set), limits);
}

}  // namespace mesoclinic::api
