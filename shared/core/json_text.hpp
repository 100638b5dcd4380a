// Looking at JSON text before parsing it: how deep it nests (the parser
// recurses, so hostile nesting is refused first) and whether an object that
// arrives piece by piece (a scanner typing it) is whole yet.
#pragma once

#include <string_view>

namespace kiosk {

// Deepest {/[ nesting outside strings. With limit >= 0 it stops counting as
// soon as the nesting passes the limit (and returns that depth).
int json_depth(std::string_view text, int limit = -1);

// Whether text (after leading white space) is a '{' whose braces have closed,
// outside strings.
bool json_object_closed(std::string_view text);

}  // namespace kiosk
