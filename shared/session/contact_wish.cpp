#include "session/contact_wish.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <sodium.h>
#include <nlohmann/json.hpp>

#include "i18n/catalog.hpp"
#include "questionnaire/model.hpp"
#include "session/kiosk_state.hpp"
#include "session/text_field.hpp"

namespace kiosk {

const char* contact_way_code(ContactWay way) {
    switch (way) {
        case ContactWay::Desk: return "desk";
        case ContactWay::Phone: return "phone";
        case ContactWay::Email: return "email";
        case ContactWay::Visit: return "visit";
        case ContactWay::None: return "none";
    }
    return "none";
}

std::optional<ContactWay> contact_way_from_code(std::string_view code) {
    for (ContactWay w : contact_ways())
        if (code == contact_way_code(w)) return w;
    return std::nullopt;
}

const std::vector<ContactWay>& contact_ways() {
    static const std::vector<ContactWay> k{ContactWay::Desk, ContactWay::Phone, ContactWay::Email, ContactWay::Visit,
                                           ContactWay::None};
    return k;
}

bool needs_detail(ContactWay way) {
    return way == ContactWay::Phone || way == ContactWay::Email || way == ContactWay::Visit;
}

bool detail_is_numeric(ContactWay way) { return way == ContactWay::Phone; }

std::string check_contact_detail(ContactWay way, std::string_view text) {
    std::string t(text);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(t.begin());
    if (t.empty()) return "contact.error.empty";
    switch (way) {
        case ContactWay::Phone: {
            bool plus = t.front() == '+';
            int digits = 0;
            for (std::size_t i = plus ? 1 : 0; i < t.size(); ++i) {
                char c = t[i];
                if (c >= '0' && c <= '9') ++digits;
                else if (c != ' ' && c != '-') return "contact.error.phone";
            }
            if (plus ? (digits < 9 || digits > 15) : (digits != 10 || t.front() != '0')) return "contact.error.phone";
            return "";
        }
        case ContactWay::Email: {
            auto at = t.find('@');
            if (at == std::string::npos || at == 0 || t.find('@', at + 1) != std::string::npos ||
                t.find(' ') != std::string::npos)
                return "contact.error.email";
            auto dot = t.find('.', at + 2);
            if (dot == std::string::npos || dot + 1 >= t.size()) return "contact.error.email";
            return "";
        }
        case ContactWay::Visit: {
            bool digit = std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
            bool letter = std::any_of(t.begin(), t.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
            if (!digit || !letter || t.size() < 5) return "contact.error.address";
            return "";
        }
        default: return "";
    }
}

void add_contact_extensions(questionnaire::ResponseExtensions& out, const std::optional<ContactWish>& wish,
                            const std::vector<std::string>& marked) {
    if (wish) {
        out.add_code("contact-wish", contact_way_code(wish->way));
        if (needs_detail(wish->way) && !wish->detail.empty()) out.add_string("contact-detail", wish->detail);
    }
    for (const auto& id : marked) out.add_string("talk-about", id);
}

std::string addressed_key(const KioskState& s, std::string_view key) {
    std::string k(key);
    const questionnaire::Questionnaire* qn = s.interview() ? &s.interview()->questionnaire() : s.chosen_questionnaire();
    if (!qn) return k;
    if (qn->address == "je" && i18n::has_key(k + ".je")) return k + ".je";
    if (qn->variant == "easy" && i18n::has_key(k + ".easy")) return k + ".easy";
    return k;
}

const std::string& say(const KioskState& s, std::string_view key, std::string_view lang) {
    return i18n::tr(addressed_key(s, key), lang);
}

std::string marks_line(const KioskState& s, std::string_view lang) {
    std::size_t n = s.talk_marks().size();
    if (n == 0) return "";
    return i18n::fmt(addressed_key(s, n == 1 ? "talk.marked-one" : "talk.marked"), lang, {{"n", std::to_string(n)}});
}

std::vector<std::string> thanks_lines(const KioskState& s, std::string_view lang) {
    std::vector<std::string> out;
    if (s.declined()) {
        out.push_back(say(s, "thanks.declined", lang));
        return out;
    }
    if (!s.storage_problem().empty()) {
        // Nothing could be stored: no "stored safely", and no promise of contact either.
        out.push_back(say(s, "thanks.not-stored", lang));
        return out;
    }
    out.push_back(say(s, "thanks.body", lang));
    if (s.interview() && s.interview()->consent_declined()) out.push_back(say(s, "thanks.consent-no", lang));
    if (const auto& w = s.contact_wish()) {
        out.push_back(say(s, std::string("contact.after.") + contact_way_code(w->way), lang));
        // Where the desk is, in the organisation's words (Dutch when it gave none in this language).
        const auto& where = s.options().desk_where;
        auto it = where.find(std::string(lang));
        if (it == where.end()) it = where.find("nl");
        if (w->way == ContactWay::Desk && it != where.end())
            out.push_back(i18n::fmt(addressed_key(s, "contact.desk-where"), lang, {{"where", it->second}}));
    } else if (s.talk_wish() && !*s.talk_wish()) {
        out.push_back(say(s, "contact.after.not-now", lang));
    }
    return out;
}

}  // namespace kiosk

// ---- KioskState: the talk follow-up and the marks ------------------------------------

namespace kiosk {

namespace q = questionnaire;

namespace {

void collect_themes(const q::Interview& iv, const std::vector<q::Item>& items, std::vector<std::string>& out) {
    for (const auto& item : items) {
        for (const auto& v : iv.answers(item.link_id))
            if (const auto* c = std::get_if<q::Coding>(&v))
                if (c->system.ends_with("/CodeSystem/theme"))
                    out.push_back(c->code);
        collect_themes(iv, item.children, out);
    }
}

}  // namespace

// ---- result, talk and referrals: the end of the resident's path ---------------------

void KioskState::result_next() {
    if (screen_ == Screen::Result) screen_ = Screen::Talk;
}

void KioskState::talk(bool yes) {
    if (screen_ != Screen::Talk) return;
    talk_ = yes;
    if (yes) {
        contact_entry_.reset();
        screen_ = Screen::ContactWish;
        return;
    }
    after_talk();
}

void KioskState::after_talk() {
    hand_over(true);
    std::vector<std::string> themes;
    if (interview_) collect_themes(*interview_, interview_->questionnaire().items, themes);
    offers_ = referrals::match(referrals_, scores_ ? &*scores_ : nullptr, themes);
    screen_ = offers_.empty() ? Screen::Thanks : Screen::Referrals;
}

void KioskState::referrals_done() {
    if (screen_ == Screen::Referrals) screen_ = Screen::Thanks;
}

const q::Questionnaire* KioskState::chosen_questionnaire() const {
    for (const auto& qn : catalog_)
        if (qn.id == chosen_) return &qn;
    return nullptr;
}

void KioskState::contact_choose(ContactWay way) {
    if (screen_ != Screen::ContactWish || contact_entry_) return;
    if (contact_) sodium_memzero(contact_->detail.data(), contact_->detail.size());
    contact_.reset();
    kb_.typed.clear();
    kb_.error.clear();
    kb_.shift = false;
    if (needs_detail(way)) {
        contact_entry_ = way;
        return;
    }
    contact_ = ContactWish{way, ""};
    after_talk();
}

void KioskState::contact_submit() {
    if (screen_ != Screen::ContactWish || !contact_entry_) return;
    std::string why = check_contact_detail(*contact_entry_, kb_.typed);
    if (!why.empty()) {
        kb_.error = why;
        return;
    }
    std::string detail = kb_.typed;
    while (!detail.empty() && detail.back() == ' ') detail.pop_back();
    contact_ = ContactWish{*contact_entry_, std::move(detail)};
    wipe_text(kb_.typed);
    contact_entry_.reset();
    after_talk();
}

void KioskState::contact_back() {
    if (screen_ != Screen::ContactWish) return;
    wipe_text(kb_.typed);
    kb_.error.clear();
    if (contact_entry_) {
        contact_entry_.reset();
        return;
    }
    talk_.reset();
    screen_ = Screen::Talk;
}

void KioskState::toggle_talk_mark() {
    if (!interview_ || (screen_ != Screen::Question && screen_ != Screen::Keyboard)) return;
    const q::Item* item = interview_->current();
    if (!item || !item->is_answerable()) return;
    auto it = std::find(marks_.begin(), marks_.end(), item->link_id);
    if (it == marks_.end()) marks_.push_back(item->link_id);
    else marks_.erase(it);
}

bool KioskState::is_marked(const std::string& link_id) const {
    return std::find(marks_.begin(), marks_.end(), link_id) != marks_.end();
}

std::vector<std::string> KioskState::talk_marks() const {
    std::vector<std::string> out;
    if (!interview_) return out;
    for (const auto& id : marks_)
        if (interview_->is_enabled(id)) out.push_back(id);
    return out;
}

void KioskState::assist_toggle_sensitive() {
    if (screen_ == Screen::Assist) setup_.sensitive_off = !setup_.sensitive_off;
}

// Staff switched sensitive topics off for this resident: those items are
// never asked and never in the response.
void KioskState::apply_assist_exclusions() {
    if (!interview_ || !assist_ || !assist_->sensitive_off) return;
    std::set<std::string> off;
    std::function<void(const std::vector<q::Item>&)> walk = [&](const std::vector<q::Item>& items) {
        for (const auto& it : items) {
            if (!it.sensitive_why.empty()) off.insert(it.link_id);
            walk(it.children);
        }
    };
    walk(interview_->questionnaire().items);
    interview_->set_excluded(std::move(off));
}

}  // namespace kiosk
