// Index of this file:
// [SECTION] what each screen says
// [SECTION] utterances

#include "session/read_aloud.hpp"
#include "session/languages.hpp"

#include <cstdio>

#include "i18n/catalog.hpp"
#include "session/screen_model.hpp"

namespace kiosk {

namespace q = questionnaire;

namespace {

// [SECTION] what each screen says
// The language a screen speaks: the interview's inside an interview (the
// questionnaire may not speak the interface language), else the session's.
std::string speech_lang(const KioskState& s) {
    if (const auto* iv = s.interview()) return iv->language();
    return s.lang();
}

// Interface texts in the speech language, falling back to the session's
// language when the interface does not speak it.
// In the questionnaire's register (u / je), as the screens show them.
const std::string& ui(const std::string& key, const std::string& lang, const KioskState& s) {
    return say(s, key, i18n::is_supported(lang) ? lang : s.lang());
}

const std::string& pick(const q::Translatable& read_aloud, const q::Translatable& shown, const std::string& lang) {
    const std::string& r = read_aloud.get(lang);
    return r.empty() ? shown.get(lang) : r;
}

std::string option_text(const q::Item& item, std::size_t n, const std::string& lang, const KioskState& s) {
    if (item.type == q::ItemType::Boolean) return n < 2 ? ui(n == 0 ? "yes" : "no", lang, s) : "";
    if (item.type == q::ItemType::Integer && item.options.empty()) {
        int lo = static_cast<int>(item.min_value.value_or(0)), hi = static_cast<int>(item.max_value.value_or(10));
        int v = lo + static_cast<int>(n);
        return v <= hi ? std::to_string(v) : "";
    }
    if (n >= item.options.size()) return "";
    return pick(item.options[n].read_aloud, item.options[n].display, lang);
}

std::string question_text(const KioskState& s, const q::Item& item, bool keyboard) {
    const q::Interview& iv = *s.interview();
    const std::string lang = iv.language();
    std::string out;
    // The group heading only when the question is the one on screen (the
    // groups of a prefetched question may differ; the heading is a bonus).
    if (&item == iv.current()) {
        auto groups = iv.current_groups();
        if (!groups.empty()) append_sentence(out, groups.back()->text.get(lang));
    }
    append_sentence(out, pick(item.read_aloud, item.text, lang));
    append_sentence(out, item.sensitive_why.get(lang));
    if (keyboard) {
        append_sentence(out, ui(model::keyboard_hint_key(item), lang, s));
        return out;
    }
    if (item.type == q::ItemType::Integer && item.options.empty()) {
        int lo = static_cast<int>(item.min_value.value_or(0)), hi = static_cast<int>(item.max_value.value_or(10));
        append_sentence(out, i18n::fmt("speech.scale", i18n::is_supported(lang) ? lang : s.lang(),
                                       {{"lo", std::to_string(lo)}, {"hi", std::to_string(hi)}}));
        const std::string& low = item.scale_low.get(lang);
        const std::string& high = item.scale_high.get(lang);
        const std::string ul = i18n::is_supported(lang) ? lang : s.lang();
        if (!low.empty()) append_sentence(out, i18n::fmt("speech.scale-end", ul, {{"n", std::to_string(lo)}, {"text", low}}));
        if (!high.empty()) append_sentence(out, i18n::fmt("speech.scale-end", ul, {{"n", std::to_string(hi)}, {"text", high}}));
        return out;
    }
    std::size_t count = item.type == q::ItemType::Boolean ? 2 : item.options.size();
    if (count > 0 && item.is_answerable()) {
        append_sentence(out, ui("speech.options", lang, s));
        for (std::size_t i = 0; i < count; ++i)
            if (!item.has_options() || iv.is_option_offered(item.link_id, i)) append_sentence(out, option_text(item, i, lang, s));
        if (item.type == q::ItemType::OpenChoice) append_sentence(out, ui("other-answer", lang, s));
    }
    return out;
}

std::string answer_text(const KioskState& s, const q::Item& item) {
    return model::answer_text(*s.interview(), item, model::ui_lang(s));
}

void review_texts(const KioskState& s, const std::vector<q::Item>& items, std::string& out) {
    const q::Interview& iv = *s.interview();
    for (const auto& item : items) {
        if (!iv.is_enabled(item.link_id)) continue;
        if (item.type == q::ItemType::Group) {
            review_texts(s, item.children, out);
            continue;
        }
        if (!item.is_answerable()) continue;
        append_sentence(out, iv.tr(item.text));
        append_sentence(out, answer_text(s, item));
    }
}

// Items in document order, flattened (groups are not screens).
void flatten(const std::vector<q::Item>& items, std::vector<const q::Item*>& out) {
    for (const auto& item : items) {
        if (item.type != q::ItemType::Group) out.push_back(&item);
        flatten(item.children, out);
    }
}

std::string text_of(const KioskState& s, Screen screen) {
    const std::string lang = speech_lang(s);
    auto t = [&](const char* key) -> const std::string& { return ui(key, lang, s); };
    std::string out;
    if (screen == s.screen())
        if (auto m = model::dialog_model(s)) {
            append_sentence(out, m->title);
            for (const auto& p : m->paragraphs) append_sentence(out, p);
            for (const auto& a : m->answers) append_sentence(out, a.label);
            for (const auto& a : m->actions) append_sentence(out, a.label);
            return out;
        }
    switch (screen) {
        case Screen::Welcome:
            append_sentence(out, t("welcome.title"));
            append_sentence(out, t("welcome.body"));
            append_sentence(out, t("welcome.start"));
            break;
        case Screen::Choose:
            append_sentence(out, t("choose.title"));
            for (const auto& qn : s.catalog()) {
                const std::string ql = qn.supports_language(lang) ? lang : qn.language;
                append_sentence(out, qn.title.get(ql));
                append_sentence(out, qn.description.get(ql));
            }
            append_sentence(out, model::previous_ready(s, i18n::is_supported(lang) ? lang : s.lang()));
            append_sentence(out, t("choose.compare"));
            break;
        case Screen::Scan: {
            const std::string ul = i18n::is_supported(lang) ? lang : s.lang();
            append_sentence(out, t("scan.title"));
            append_sentence(out, t("scan.body"));
            if (s.camera_available()) append_sentence(out, t("scan.camera"));
            if (!s.scan_error().empty()) append_sentence(out, i18n::tr(s.scan_error(), ul));
            break;
        }
        case Screen::Consent:
            append_sentence(out, t("consent.title"));
            append_sentence(out, t("consent.body"));
            append_sentence(out, t("consent.agree"));
            append_sentence(out, t("consent.decline"));
            break;
        case Screen::Question:
        case Screen::Keyboard:
            if (const auto* iv = s.interview(); iv && iv->current())
                out = question_text(s, *iv->current(), screen == Screen::Keyboard);
            break;
        case Screen::Review:
            append_sentence(out, t("review.title"));
            append_sentence(out, t("review.hint"));
            if (s.interview()) review_texts(s, s.interview()->questionnaire().items, out);
            append_sentence(out, t("review.done"));
            break;
        case Screen::Result:
            append_sentence(out, t("result.title"));
            if (s.scores())
                for (const auto& l : model::result_lines(*s.scores(), model::ui_lang(s))) append_sentence(out, l.sentence);
            // The comparison with the result the resident brought, as the screen shows it.
            if (auto c = model::comparison(s, model::ui_lang(s))) {
                append_sentence(out, c->heading);
                append_sentence(out, c->note);
                for (const auto& l : c->lines) append_sentence(out, l.text);
            }
            break;
        case Screen::Talk:
            append_sentence(out, t("talk.title"));
            append_sentence(out, t("talk.body"));
            append_sentence(out, marks_line(s, i18n::is_supported(lang) ? lang : s.lang()));
            append_sentence(out, t("talk.yes"));
            append_sentence(out, t("talk.no"));
            break;
        case Screen::Referrals:
            append_sentence(out, t("referrals.title"));
            for (const auto& o : s.offers()) {
                append_sentence(out, o.text(o.name, lang));
                append_sentence(out, o.text(o.description, lang));
                append_sentence(out, referrals::contact_speech(o, lang));
            }
            break;
        case Screen::Thanks:
            append_sentence(out, t("thanks.title"));
            for (const auto& line : thanks_lines(s, i18n::is_supported(lang) ? lang : s.lang())) append_sentence(out, line);
            append_sentence(out, t("finish"));
            break;
        case Screen::StillHere: {
            const std::string ul = i18n::is_supported(lang) ? lang : s.lang();
            append_sentence(out, t("still-here.title"));
            append_sentence(out, i18n::fmt("still-here.body", ul, {{"n", std::to_string(s.still_here_seconds_left())}}));
            append_sentence(out, t("still-here.button"));
            break;
        }
        case Screen::Paused:
            // Shown to the resident after staff paused the interview.
            append_sentence(out, t("paused.title"));
            append_sentence(out, t("paused.body"));
            append_sentence(out, t("paused.done"));
            break;
        case Screen::ContactWish: {
            const std::string ul = i18n::is_supported(lang) ? lang : s.lang();
            if (auto way = s.contact_entry()) {  // the question and how to answer, never what was typed
                append_sentence(out, t((std::string("contact.entry.") + contact_way_code(*way)).c_str()));
                append_sentence(out, t("contact.entry.hint"));
                break;
            }
            append_sentence(out, t("contact.title"));
            append_sentence(out, marks_line(s, ul));
            append_sentence(out, t("speech.options"));
            for (ContactWay w : contact_ways()) append_sentence(out, t((std::string("contact.") + contact_way_code(w)).c_str()));
            break;
        }
        case Screen::Pin:
        case Screen::Staff:
        case Screen::Assist:
        case Screen::Enroll:
        case Screen::Error:
        default:
            break;
    }
    return out;
}

}  // namespace

// [SECTION] utterances
void append_sentence(std::string& out, const std::string& part) {
    std::size_t b = part.find_first_not_of(" \n\t");
    if (b == std::string::npos) return;
    std::size_t e = part.find_last_not_of(" \n\t");
    std::string p = part.substr(b, e - b + 1);
    if (!out.empty()) {
        char last = out.back();
        if (last != '.' && last != '?' && last != '!' && last != ':' && last != ';' && last != ',') out += '.';
        out += ' ';
    }
    out += p;
}

// A language without a voice (Tigrinya) is never read, not even in another
// language's voice: the utterance is empty and the speaker button says why.
Utterance screen_utterance(const KioskState& s) {
    const std::string lang = speech_lang(s);
    if (!read_aloud_available(lang)) return {lang, ""};
    return {lang, text_of(s, s.screen())};
}

Utterance option_utterance(const KioskState& s, std::size_t n) {
    const auto* iv = s.interview();
    if (s.screen() != Screen::Question || !iv || !iv->current()) return {speech_lang(s), ""};
    if (!read_aloud_available(iv->language())) return {iv->language(), ""};
    return {iv->language(), option_text(*iv->current(), n, iv->language(), s)};
}

Utterance utterance_for(const KioskState& s, const SpeechRequest& r) {
    if (r.option >= 0) return option_utterance(s, static_cast<std::size_t>(r.option));
    return screen_utterance(s);
}

std::vector<Utterance> upcoming_utterances(const KioskState& s) {
    std::vector<Utterance> out;
    auto add = [&](Utterance u) {
        if (!u.text.empty() && read_aloud_available(u.lang)) out.push_back(std::move(u));
    };
    add(screen_utterance(s));
    const std::string lang = speech_lang(s);
    const auto* iv = s.interview();
    switch (s.screen()) {
        case Screen::Welcome: add({lang, text_of(s, Screen::Choose)}); break;
        case Screen::Choose: add({lang, text_of(s, Screen::Consent)}); break;
        case Screen::Question:
        case Screen::Keyboard:
            if (iv && iv->current()) {
                const q::Item* cur = iv->current();
                if (s.screen() == Screen::Question && cur->has_options())
                    for (std::size_t i = 0; i < cur->options.size(); ++i)
                        if (iv->is_option_offered(cur->link_id, i)) add(option_utterance(s, i));
                // The next two enabled items in document order: what the
                // resident most likely sees after this one.
                std::vector<const q::Item*> all;
                flatten(iv->questionnaire().items, all);
                bool after = false;
                int taken = 0;
                for (const auto* item : all) {
                    if (item == cur) {
                        after = true;
                        continue;
                    }
                    if (!after || !iv->is_enabled(item->link_id)) continue;
                    add({iv->language(), question_text(s, *item, item->is_answerable() && uses_keyboard(*item))});
                    if (++taken == 2) break;
                }
            }
            break;
        case Screen::Review: add({lang, text_of(s, Screen::Result)}); break;
        case Screen::Result: add({lang, text_of(s, Screen::Talk)}); break;
        default: break;
    }
    return out;
}

std::string speech_key(const KioskState& s) {
    std::string k = screen_name(s.screen());
    if (const auto* iv = s.interview(); iv && iv->current() &&
                                        (s.screen() == Screen::Question || s.screen() == Screen::Keyboard))
        k += ":" + iv->current()->link_id;
    // A refused take-home code on the scan screen is read as soon as it shows.
    if (s.screen() == Screen::Scan && !s.scan_error().empty()) k += ":" + s.scan_error();
    // The camera opens a moment after the screen shows (the first visit):
    // the screen is read again with its line, so a listener hears it too.
    if (s.screen() == Screen::Scan && s.camera_available()) k += ":camera";
    k += ":" + speech_lang(s);
    k += s.session().read_aloud ? ":on" : ":off";
    return k;
}

}  // namespace kiosk
