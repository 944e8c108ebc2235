#pragma once
// Strict UTF-8 check for names that end up in JSON (tensor names): JSON writers reject
// invalid UTF-8, so it is refused where the name is read, with the file and tensor named.
#include <cstddef>
#include <string>

namespace fineq {

// Offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF included), or std::string::npos.
std::size_t first_invalid_utf8_byte(const std::string& text);

}  // namespace fineq
