// Text that came from outside (heartbeats, bundles, requests) made safe to
// print on an operator's terminal or into a log line: control characters
// (C0, DEL and the UTF-8 encoded C1 range, which some terminals obey) become
// visible escapes, so no field can move the cursor, fake a row or set a title.
#pragma once

#include <string>
#include <string_view>

namespace kiosk {

// "\x1b]0;x\x07" -> "\\x1b]0;x\\x07"; a tab or newline also becomes \\t / \\n.
// Invalid UTF-8 bytes are shown as \\xNN too. Printable text is unchanged.
std::string printable_text(std::string_view text);

// True when the text has nothing printable_text() would change.
bool is_printable_text(std::string_view text);

}  // namespace kiosk
