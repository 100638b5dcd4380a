#include "session/keyboard_entry.hpp"

#include <algorithm>
#include <variant>

#include "questionnaire/typed_answer.hpp"

namespace kiosk {

namespace q = questionnaire;

void KeyboardEntry::reset() {
    wipe_text(typed);
    error.clear();
    shift = false;
    unit = 0;
}

void KeyboardEntry::load(const q::Item& item, const std::vector<q::Value>& answers) {
    if (answers.empty()) return;
    if (const auto* qv = std::get_if<q::Quantity>(&answers.front())) {
        for (std::size_t i = 0; i < item.units.size(); ++i)
            if (item.units[i].code == qv->code && (qv->code.empty() ? item.units[i].display.base == qv->unit : true)) unit = i;
        typed = q::value_to_string(q::Value{qv->value});
    } else {
        typed = q::value_to_string(answers.front());
    }
}

bool KeyboardEntry::blank() const {
    std::string text = typed;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    const bool none = text.empty();
    wipe_text(text);
    return none;
}

std::string KeyboardEntry::answer(q::Interview& iv, std::int64_t wall_ms) const {
    const q::Item* item = iv.current();
    if (!item) return "keyboard.not-allowed";
    Result<q::Value> value = q::typed_value(*item, typed, unit, wall_ms);
    if (!value) return value.error().message;
    Status st = iv.answer(std::move(*value));
    return st ? "" : "keyboard.not-allowed";
}

std::string own_words(const q::Interview& iv) {
    const q::Item* item = iv.current();
    if (!item || item->type != q::ItemType::OpenChoice) return "";
    for (const auto& v : iv.answers(item->link_id))
        if (const auto* t = std::get_if<std::string>(&v))
            if (std::none_of(item->options.begin(), item->options.end(), [&](const q::AnswerOption& o) { return q::values_equal(o.value, v); }))
                return *t;
    return "";
}

}  // namespace kiosk
