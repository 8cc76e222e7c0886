// Civil-date helpers used at input boundaries (validating "YYYY-MM-DD").
// Thread-safe, no allocation.
#ifndef SITREP_BASE_DATE_H_
#define SITREP_BASE_DATE_H_

#include <string_view>

namespace sitrep {

// True when `s` is YYYY-MM-DD naming a real day (leap years respected,
// years 1000..2999).
bool IsValidIsoDate(std::string_view s);
// True for YYYY, YYYY-MM or a valid YYYY-MM-DD.
bool IsValidPartialDate(std::string_view s);

}  // namespace sitrep

#endif  // SITREP_BASE_DATE_H_
