// "I have my previous result" (issue 18): the take-home code a USB QR
// scanner types, or the camera reads, on the scan screen; decoded into the
// previous result kept in memory for this session only, and written into
// the new response as our extension `previous-result`
// (shared/questionnaire/README.md). KioskState holds one and says when the
// scan screen shows.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "questionnaire/model.hpp"
#include "questionnaire/response_extensions.hpp"
#include "takehome/result_code.hpp"

namespace kiosk {

class ResultScan {
public:
    // A fresh try: what was typed wiped, no refusal shown.
    void clear_entry();
    // One character the scanner typed (at most 200 are kept).
    void add(char c) {
        if (text_.size() < 200) text_ += c;
    }
    void backspace();
    // A whole code (the camera's): replaces anything half typed.
    void replace(std::string text);
    // Reads what was typed (wiped afterwards). True when it is a good code
    // of a questionnaire family in `catalog` (kept as previous()); else
    // error() says why (an i18n key) and the screen waits for another try.
    bool submit(const std::vector<questionnaire::Questionnaire>& catalog);
    // The end of the session: everything forgotten.
    void wipe();

    std::size_t received() const { return text_.size(); }
    const std::string& error() const { return error_; }
    const std::optional<takehome::ResultCode>& previous() const { return previous_; }

    // The previous result beside this one, when it is of the same
    // questionnaire family as `qn` (the variant may differ: the export shows it).
    void add_extension(const questionnaire::Questionnaire& qn, questionnaire::ResponseExtensions& out) const;

private:
    std::string text_;   // what the scanner typed so far
    std::string error_;  // i18n key of the last refusal, "" if none
    std::optional<takehome::ResultCode> previous_;  // in memory only, wiped with the session
};

}  // namespace kiosk
