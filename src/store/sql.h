// The SQL store's shared vocabulary: how instants and optional values travel through SOCI, a
// statement that owns its bound values, and the one way every area reads rows (a Row type per
// table, a condition after WHERE, and named values). Internal to src/store.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace soci {

// Instants are stored as microseconds since the Unix epoch (a BIGINT on both engines).
template <>
struct type_conversion<mesoclinic::Instant> {
  using base_type = long long;
  static void from_base(long long in, indicator ind, mesoclinic::Instant& out) {
    if (ind == i_null) throw soci_error("a stored instant is NULL where none may be");
    out = mesoclinic::from_unix_micros(in);
  }
  static void to_base(const mesoclinic::Instant& in, long long& out, indicator& ind) {
    out = static_cast<long long>(mesoclinic::to_unix_micros(in));
    ind = i_ok;
  }
};

// An empty optional is NULL, and NULL reads back as an empty optional (SOCI 4.0 knows only
// boost::optional).
template <class T>
struct type_conversion<std::optional<T>> {
  using base_type = typename type_conversion<T>::base_type;
  static void from_base(const base_type& in, indicator ind, std::optional<T>& out) {
    if (ind == i_null) {
      out.reset();
      return;
    }
    T value{};
    type_conversion<T>::from_base(in, ind, value);
    out = std::move(value);
  }
  static void to_base(const std::optional<T>& in, base_type& out, indicator& ind) {
    if (!in) {
      ind = i_null;
      return;
    }
    type_conversion<T>::to_base(*in, out, ind);
  }
};

}  // namespace soci

namespace mesoclinic::store::internal {

// A value bound to a named parameter. (Pass std::string, not string literals: a literal would
// match both string alternatives.)
using Param = std::variant<std::string, long long, double, Instant, std::optional<std::string>,
                           std::optional<Instant>, std::optional<double>, std::optional<long long>>;
using Params = std::vector<std::pair<std::string, Param>>;

// A statement with named parameters whose values it owns, so a query can be assembled from
// optional filters and still be fully parameterised.
class Query {
 public:
  explicit Query(soci::session& session) : statement_(session) {}

  void bind(const std::string& name, Param value) {
    values_.push_back(std::move(value));
    std::visit([&](auto& held) { statement_.exchange(soci::use(held, name)); }, values_.back());
  }
  void bind(const Params& params) {
    for (const auto& [name, value] : params) bind(name, value);
  }
  // Each fetched row's columns go to `targets`, in the order into() was called.
  template <class... T>
  void into(T&... targets) {
    (statement_.exchange(soci::into(targets)), ...);
    has_results_ = true;
  }

  // Prepares and runs `sql`; rows then come one at a time from fetch().
  void run(const std::string& sql) {
    statement_.alloc();
    statement_.prepare(sql);
    statement_.define_and_bind();
    // Without data exchange SOCI's SQLite backend does not step a statement at all, so a
    // statement with no results (INSERT, UPDATE) runs with it; a query's rows wait for fetch().
    statement_.execute(!has_results_);
  }
  bool fetch() { return statement_.fetch(); }
  long long affected_rows() { return statement_.get_affected_rows(); }

 private:
  soci::statement statement_;
  std::deque<Param> values_;
  bool has_results_ = false;
};

// A Row type reads one table: `kSelect` is "SELECT <columns> FROM <table>", into() hands each
// column's target to the query in that order, and `value` is the domain value read. A Row with
// a finish() turns what it read into `value` (parsing enums, for instance) and may refuse it.
template <class Row>
using RowValue = decltype(Row::value);

// Every row of Row's table matching `clause` (our own SQL after WHERE, with its ORDER BY and
// LIMIT, naming only parameters given in `params`). Throws what SOCI throws.
template <class Row>
Result<std::vector<RowValue<Row>>> select(soci::session& session, std::string_view clause,
                                          const Params& params) {
  Query query(session);
  Row row;
  row.into(query);
  query.bind(params);
  query.run(std::string(Row::kSelect) + " WHERE " + std::string(clause));
  std::vector<RowValue<Row>> found;
  while (query.fetch()) {
    if constexpr (requires { row.finish(); }) {
      if (auto finished = row.finish(); !finished) return std::unexpected(finished.error());
    }
    found.push_back(row.value);
  }
  return found;
}

template <class T>
Result<std::optional<T>> first_of(Result<std::vector<T>> rows) {
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::optional(std::move(rows->front()));
}

// The smallest string greater than every string that starts with `prefix`, in byte order, so
// `key >= prefix AND key < bound` is exactly "key starts with prefix" and uses an index.
std::string prefix_upper_bound(std::string_view prefix);

}  // namespace mesoclinic::store::internal
