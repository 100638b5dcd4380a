#include "session/result_scan.hpp"

#include "session/text_field.hpp"

namespace kiosk {

namespace q = questionnaire;

void ResultScan::clear_entry() {
    wipe_text(text_);
    error_.clear();
}

void ResultScan::backspace() { erase_last_char(text_); }

void ResultScan::replace(std::string text) {
    wipe_text(text_);
    text_ = std::move(text);
}

bool ResultScan::submit(const std::vector<q::Questionnaire>& catalog) {
    if (text_.find_first_not_of(" \t") == std::string::npos) {
        wipe_text(text_);
        error_ = "scan.empty";
        return false;
    }
    auto code = takehome::decode(text_);
    wipe_text(text_);
    if (!code) {
        error_ = "scan.bad";  // the decoder's reason is for staff (kioskctl qr decode), not the screen
        return false;
    }
    bool known = false;
    for (const auto& qn : catalog) known = known || takehome::family_of(qn.id, qn.variant) == code->family;
    if (!known) {
        error_ = "scan.unknown";
        return false;
    }
    previous_ = std::move(*code);
    error_.clear();
    return true;
}

void ResultScan::wipe() {
    wipe_text(text_);
    error_.clear();
    previous_.reset();
}

void ResultScan::add_extension(const q::Questionnaire& qn, q::ResponseExtensions& out) const {
    if (!previous_) return;
    if (takehome::family_of(qn.id, qn.variant) != previous_->family) return;
    using X = q::ResponseExtensions;
    std::vector<q::ResponseExtension> parts;
    parts.push_back(X::part_date("date", previous_->day));
    parts.push_back(X::part_code("family", previous_->family));
    if (!previous_->variant.empty()) parts.push_back(X::part_code("variant", previous_->variant));
    if (!previous_->version.empty()) parts.push_back(X::part_string("version", previous_->version));
    const auto& domains = q::scoring_domains();
    for (std::size_t i = 0; i < domains.size() && i < previous_->scores.size(); ++i)
        if (previous_->scores[i]) parts.push_back(X::part_integer(domains[i], *previous_->scores[i]));
    out.add_parts("previous-result", std::move(parts));
}

}  // namespace kiosk
