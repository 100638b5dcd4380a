// Which languages the welcome screen (and the language buttons on consent and
// question screens) offer, and which the kiosk can read aloud in.
//
// The organisation decides with its pack's settings.json "languages"
// (shared/pack/README.md). Without that setting the kiosk offers Dutch and
// English, plus every other language it speaks (catalogue embedded from
// assets/i18n/) in which every questionnaire on offer has a translation: a
// resident who picks Polish then never meets a Dutch questionnaire. A
// language missing a translation of one questionnaire is left out until the
// organisation lists it (a pack that lists it is refused, naming the file).
#pragma once

#include <string>
#include <vector>

#include "i18n/catalog.hpp"
#include "questionnaire/model.hpp"

namespace kiosk {

class KioskState;
struct KioskOptions;

// In the kiosk's order (i18n::known_languages()).
std::vector<i18n::Language> offered_languages(const KioskOptions& options,
                                              const std::vector<questionnaire::Questionnaire>& catalog);
std::vector<i18n::Language> offered_languages(const KioskState& s);
bool language_offered(const KioskState& s, const std::string& code);

// Whether read-aloud speaks in this language: the language has an espeak-ng
// voice (Tigrinya has none; the speaker button then says so instead of
// reading in another language's voice).
bool read_aloud_available(const std::string& lang);

// The translation status of each offered language that is a draft of ours,
// for the staff screen: the kiosk's texts (assets/i18n) or any questionnaire
// on offer (assets/translations) marked "draft". Own names, offered order.
std::vector<std::string> draft_languages(const KioskState& s);

}  // namespace kiosk
