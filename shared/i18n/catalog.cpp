// Index of this file:
// [SECTION] the built-in texts (nl, en)
// [SECTION] languages and their own catalogues
// [SECTION] overrides
// [SECTION] lookup, templates and formatting
//
// Why this file is long: about 450 of its lines are the built-in Dutch and English
// texts, one entry per key; the code after the table is short. The table stays
// compiled in (a kiosk must speak without an assets folder), and the lookup beside it
// keeps keys and their use in one place.

#include "i18n/catalog.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "i18n/embedded.hpp"
#include "i18n/plural.hpp"

namespace kiosk::i18n {

namespace {

// [SECTION] the built-in texts (nl, en)
struct Entry {
    std::string nl, en;
};

// B1 Dutch and plain English. Keep sentences short (see ../shared/CONTENT.md).
const std::map<std::string, Entry, std::less<>>& table() {
    static const std::map<std::string, Entry, std::less<>> t{
        {"welcome.title", {"Welkom", "Welcome"}},
        {"speak.unavailable", {"Voorlezen kan niet in deze taal.", "Read-aloud is not available in this language."}},
        {"staff.translation-draft", {"Vertaling {lang}: concept, nog niet nagelezen door een moedertaalspreker.",
                                     "Translation {lang}: draft, not yet read by a native speaker."}},
        {"lint.no-readability", {"Geen leesbaarheidsformule voor {lang}: alleen zinslengte is getoetst.",
                                 "No readability formula for {lang}: only sentence length was checked."}},
        // kioskctl preview's contact sheet (index.html), in the preview language.
        {"preview.title", {"Voorbeeld: {title}", "Preview: {title}"}},
        {"preview.meta", {"{id}, versie {version} · {file} · taal {lang} · {size} · tekst {pct}% · {theme} · schermen: {screens}, rondes: {walks}", "{id}, version {version} · {file} · language {lang} · {size} · text {pct}% · {theme} · screens: {screens}, walks: {walks}"}},
        {"preview.reading-level", {"Leesniveau", "Reading level"}},
        {"preview.reading-bar", {"{level}; vragen: {n}; elk scherm scoort minstens {bar}", "{level}; questions: {n}; each screen should score at least {bar}"}},
        {"preview.lang-score", {"laagste {min} ({where}), mediaan {median}, schermen: {n}", "lowest {min} ({where}), median {median}, screens: {n}"}},
        {"preview.no-score", {"geen scherm is lang genoeg om te scoren", "no screen is long enough to score"}},
        {"preview.longest", {"langste zin, in woorden: {n} ({where})", "longest sentence, in words: {n} ({where})"}},
        {"preview.findings", {"Bevindingen van de inhoudscontrole: {n}", "Content lint findings: {n}"}},
        {"preview.unreached", {"Door geen enkele ronde bereikt:", "Not reached by any walk:"}},
        {"preview.walk", {"ronde {n}", "walk {n}"}},
        {"preview.tall", {"Hoger dan het scherm ({h} px): klik voor de hele pagina", "Taller than the screen ({h} px): click for the whole page"}},
        {"preview.title-item", {"titel", "title"}},
        {"welcome.body",
         {"Hier kunt u zelf een paar vragen invullen. Zo kunnen we u beter helpen.",
          "Here you can answer a few questions yourself. This helps us help you better."}},
        {"welcome.start", {"Beginnen", "Start"}},
        {"welcome.read-aloud", {"Altijd voorlezen", "Always read aloud"}},
        {"speak", {"Voorlezen", "Read aloud"}},
        {"speak.answer", {"Lees voor", "Read out"}},
        {"speak.headphones", {"Sluit een koptelefoon aan", "Plug in headphones"}},
        {"speech.options", {"U kunt kiezen:", "You can choose:"}},
        {"speech.scale", {"Kies een getal van {lo} tot {hi}.", "Choose a number from {lo} to {hi}."}},
        {"speech.scale-end", {"{n} is: {text}.", "{n} means: {text}."}},
        {"speech.choose", {"Kies wat u wilt invullen:", "Choose what you want to fill in:"}},
        {"staff.sound", {"Geluid en standaard", "Sound and defaults"}},
        {"staff.volume", {"Volume: {n}%", "Volume: {n}%"}},
        {"staff.volume-down", {"Zachter", "Quieter"}},
        {"staff.volume-up", {"Harder", "Louder"}},
        {"staff.headphones", {"Alleen via koptelefoon", "Headphones only"}},
        {"staff.default-size", {"Tekstgrootte bij de start:", "Text size at the start:"}},
        {"staff.default-read-aloud", {"Altijd voorlezen bij de start", "Always read aloud at the start"}},
        {"staff.audio-device", {"Geluid gaat naar: {d}", "Sound goes to: {d}"}},
        {"staff.no-audio", {"Geen geluid: {e}", "No sound: {e}"}},
        {"welcome.language", {"Taal", "Language"}},
        {"welcome.contrast", {"Meer contrast", "More contrast"}},
        {"welcome.demo", {"Demo: antwoorden gaan niet naar een organisatie.",
                          "Demo: answers do not go to an organisation."}},
        {"choose.title", {"Wat wilt u invullen?", "What would you like to fill in?"}},
        {"choose.minutes", {"Ongeveer {n} minuten", "About {n} minutes"}},
        {"consent.title", {"Wat gebeurt er met uw antwoorden?", "What happens with your answers?"}},
        {"consent.body",
         {"Uw antwoorden gaan versleuteld naar ons team. Alleen zij kunnen ze lezen. "
          "Deze kiosk bewaart ze niet leesbaar. U mag elke vraag overslaan. U kunt altijd stoppen.",
          "Your answers go to our team in a locked form. Only they can read them. "
          "This kiosk does not keep them readable. You may skip any question. You can stop at any time."}},
        {"consent.agree", {"Ja, ik doe mee", "Yes, I want to take part"}},
        {"consent.decline", {"Nee, liever niet", "No, rather not"}},
        {"question.progress", {"Vraag {n} van {total}", "Question {n} of {total}"}},
        {"question.info", {"Uitleg", "Information"}},
        {"skip", {"Dat zeg ik liever niet", "I'd rather not say"}},
        {"back", {"Terug", "Back"}},
        {"next", {"Verder", "Next"}},
        {"yes", {"Ja", "Yes"}},
        {"no", {"Nee", "No"}},
        {"other-answer", {"Iets anders: typ het zelf", "Something else: type it yourself"}},
        {"other-answer.given", {"Iets anders: {text}", "Something else: {text}"}},
        {"keyboard.hint", {"Typ uw antwoord. Tik daarna op Verder.", "Type your answer. Then tap Next."}},
        {"keyboard.empty", {"Typ iets, of kies: Dat zeg ik liever niet.", "Type something, or choose: I'd rather not say."}},
        {"keyboard.bad-date", {"Typ een datum zoals 29-11-2026.", "Type a date like 29-11-2026."}},
        {"keyboard.bad-time", {"Typ een tijd zoals 21:30.", "Type a time like 21:30."}},
        {"keyboard.bad-date-time", {"Typ een datum en tijd zoals 29-11-2026 14:30.", "Type a date and time like 29-11-2026 14:30."}},
        {"keyboard.bad-number", {"Typ alleen een getal.", "Type a number only."}},
        {"keyboard.whole-number", {"Typ een heel getal, zonder komma of punt.", "Type a whole number, without a comma or point."}},
        {"keyboard.not-allowed", {"Dit antwoord past niet. Probeer het nog eens.", "This answer does not fit. Please try again."}},
        {"keyboard.space", {"spatie", "space"}},
        {"keyboard.delete", {"Wis", "Delete"}},
        {"keyboard.shift", {"Hoofdletter", "Capital"}},
        {"keyboard.letters", {"abc", "abc"}},
        {"keyboard.numbers", {"123", "123"}},
        {"review.title", {"Kloppen uw antwoorden?", "Are your answers right?"}},
        {"review.hint", {"Tik op een vraag om het antwoord te veranderen.", "Tap a question to change the answer."}},
        {"review.skipped", {"overgeslagen", "skipped"}},
        {"review.done", {"Klaar, versturen", "Done, send"}},
        {"result.title", {"Zo gaat het nu met u", "This is how you are doing now"}},
        {"result.high", {"{domain}: {score}. Dit gaat goed.", "{domain}: {score}. This is going well."}},
        {"result.mid", {"{domain}: {score}. Dit gaat redelijk.", "{domain}: {score}. This is going fairly well."}},
        {"result.low", {"{domain}: {score}. Dit is nu zwaar. Daar kunnen we over praten.",
                        "{domain}: {score}. This is hard right now. We can talk about it."}},
        {"result.none", {"{domain}: geen antwoord.", "{domain}: no answer."}},
        {"domain.body", {"Lichaam", "Body"}},
        {"domain.feelings", {"Gevoel", "Feelings"}},
        {"domain.meaning", {"Zingeving", "Meaning in life"}},
        {"domain.quality-of-life", {"Prettig leven", "Quality of life"}},
        {"domain.taking-part", {"Meedoen", "Taking part"}},
        {"domain.daily-life", {"Dagelijks leven", "Daily life"}},
        {"talk.title", {"Wilt u hierover praten?", "Do you want to talk about this?"}},
        {"talk.body", {"Iemand van ons team kan met u praten. Dat is gratis.",
                       "Someone from our team can talk with you. It is free."}},
        {"talk.yes", {"Ja, graag", "Yes, please"}},
        {"talk.no", {"Nu niet", "Not now"}},
        {"referrals.title", {"Dit kan u misschien helpen", "This might help you"}},
        // Opening hours and phone of a referral (shared/referrals: hours_text, contact_lines).
        {"referral.day.mon", {"maandag", "Monday"}},
        {"referral.day.tue", {"dinsdag", "Tuesday"}},
        {"referral.day.wed", {"woensdag", "Wednesday"}},
        {"referral.day.thu", {"donderdag", "Thursday"}},
        {"referral.day.fri", {"vrijdag", "Friday"}},
        {"referral.day.sat", {"zaterdag", "Saturday"}},
        {"referral.day.sun", {"zondag", "Sunday"}},
        {"referral.every-day", {"elke dag", "every day"}},
        {"referral.days-range", {"{a} tot en met {b}", "{a} to {b}"}},
        {"referral.and", {"{a} en {b}", "{a} and {b}"}},
        {"referral.day-and-night", {"{days}, dag en nacht", "{days}, day and night"}},
        {"referral.hours-range", {"{days}, van {from} tot {to} uur", "{days}, from {from} to {to}"}},
        {"referral.hours-at", {"{days} om {from} uur", "{days} at {from}"}},
        {"referral.phone", {"Telefoon: {n}", "Phone: {n}"}},
        {"thanks.title", {"Dank u wel!", "Thank you!"}},
        {"thanks.body", {"Uw antwoorden zijn veilig opgeslagen.", "Your answers are stored safely."}},
        {"thanks.not-stored", {"Uw antwoorden konden niet bewaard worden. Vraag een medewerker om hulp.",
                               "Your answers could not be stored. Please ask a staff member for help."}},
        {"welcome.unavailable", {"Deze kiosk werkt nu niet. Vraag een medewerker om hulp.",
                                 "This kiosk is not working right now. Please ask a staff member for help."}},
        {"thanks.declined", {"Geen probleem. Er is niets bewaard.", "No problem. Nothing was stored."}},
        {"thanks.qr", {"Wilt u uw scores bewaren? Scan deze code met uw telefoon. Er staat geen naam in.",
                       "Want to keep your scores? Scan this code with your phone. It has no name in it."}},
        {"finish", {"Klaar", "Done"}},
        // Print the take-home result (issue 18; shared/print/): the thanks screen and the page.
        {"print", {"Afdrukken", "Print"}},
        {"print.printing", {"Bezig met afdrukken ...", "Printing ..."}},
        {"print.done", {"Afgedrukt. Pak het papier uit de printer.", "Printed. Take the page from the printer."}},
        {"print.stopped", {"De printer doet het nu niet. Er is niets afgedrukt. Vraag een medewerker om hulp.",
                           "The printer is not working right now. Nothing was printed. Please ask a staff member for help."}},
        {"print.jam", {"Het papier zit vast in de printer. Er is niets afgedrukt. Vraag een medewerker om hulp.",
                       "The paper is stuck in the printer. Nothing was printed. Please ask a staff member for help."}},
        {"print.paper", {"De printer heeft geen papier. Er is niets afgedrukt. Vraag een medewerker om hulp.",
                         "The printer has no paper. Nothing was printed. Please ask a staff member for help."}},
        {"print.missing", {"We vinden de printer niet. Er is niets afgedrukt. Vraag een medewerker om hulp.",
                           "We cannot find the printer. Nothing was printed. Please ask a staff member for help."}},
        {"print.title", {"Uw uitslag", "Your result"}},
        {"print.title.je", {"Je uitslag", "Your result"}},
        {"print.qr", {"Neem dit papier de volgende keer mee. Dan vergelijken we met deze uitslag.",
                      "Bring this page next time. Then we compare with this result."}},
        {"print.footer", {"Op dit papier staat geen naam en geen antwoord.", "This page has no name and no answers on it."}},
        // The register of the questionnaire (u / je): `<key>.je` is used when it declares "je".
        {"consent.title.je", {"Wat gebeurt er met je antwoorden?", "What happens with your answers?"}},
        {"consent.body.je",
         {"Je antwoorden gaan op slot naar ons team. Alleen zij kunnen ze lezen. "
          "Je mag elke vraag overslaan. Je mag altijd stoppen.",
          "Your answers go to our team, locked. Only they can read them. "
          "You may skip any question. You can stop at any time."}},
        // The easy variant (A2): `<key>.easy`.
        {"consent.body.easy",
         {"Wij krijgen uw antwoorden. Alleen wij kunnen ze lezen. "
          "U mag een vraag overslaan. U mag altijd stoppen.",
          "We get your answers. Only we can read them. "
          "You may skip a question. You may stop at any time."}},
        {"result.title.je", {"Zo gaat het nu met je", "This is how you are doing now"}},
        {"talk.title.je", {"Wil je hierover praten?", "Do you want to talk about this?"}},
        {"talk.body.je", {"Iemand van ons team kan met je praten. Dat is gratis.",
                          "Someone from our team can talk with you. It is free."}},
        {"talk.marked", {"U hebt {n} onderwerpen gekozen om over te praten.", "You marked {n} topics to talk about."}},
        {"talk.marked.je", {"Je hebt {n} onderwerpen gekozen om over te praten.", "You marked {n} topics to talk about."}},
        {"talk.marked-one", {"U hebt 1 onderwerp gekozen om over te praten.", "You marked 1 topic to talk about."}},
        {"talk.marked-one.je", {"Je hebt 1 onderwerp gekozen om over te praten.", "You marked 1 topic to talk about."}},
        {"mark", {"Hier wil ik over praten", "I want to talk about this"}},
        {"marked", {"\u2713 Hier wil ik over praten", "\u2713 I want to talk about this"}},
        {"staff.referral-stale", {"Verwijzing '{id}' is langer dan een half jaar niet nagekeken.",
                                  "Referral '{id}' was not checked for more than six months."}},
        {"assist.sensitive-off", {"Gevoelige onderwerpen niet vragen", "Do not ask about sensitive topics"}},
        {"referrals.title.je", {"Dit kan je misschien helpen", "This might help you"}},
        {"thanks.title.je", {"Dank je wel!", "Thank you!"}},
        {"thanks.body.je", {"Je antwoorden zijn veilig opgeslagen.", "Your answers are stored safely."}},
        {"thanks.qr.je", {"Wil je je scores bewaren? Scan deze code met je telefoon. Er staat geen naam in.",
                          "Want to keep your scores? Scan this code with your phone. It has no name in it."}},
        {"thanks.consent-no", {"Uw naam en gegevens hebben we niet bewaard, zoals u vroeg.",
                               "We did not keep your name and details, as you asked."}},
        {"thanks.consent-no.je", {"Je naam en gegevens hebben we niet bewaard, zoals je vroeg.",
                                  "We did not keep your name and details, as you asked."}},
        // After "talk.yes": how the resident wants to talk (screen contact-wish).
        {"contact.title", {"Hoe wilt u met ons praten?", "How would you like to talk with us?"}},
        {"contact.title.je", {"Hoe wil je met ons praten?", "How would you like to talk with us?"}},
        {"contact.desk", {"Ik loop nu naar de balie", "I'll walk to the desk now"}},
        {"contact.phone", {"Bel mij op", "Call me"}},
        {"contact.email", {"Stuur mij een e-mail", "Send me an e-mail"}},
        {"contact.visit", {"Kom bij mij thuis", "Visit me at home"}},
        {"contact.none", {"Toch liever niet", "Rather not after all"}},
        {"contact.entry.phone", {"Op welk nummer kunnen we u bellen?", "Which number can we call you on?"}},
        {"contact.entry.phone.je", {"Op welk nummer kunnen we je bellen?", "Which number can we call you on?"}},
        {"contact.entry.email", {"Wat is uw e-mailadres?", "What is your e-mail address?"}},
        {"contact.entry.email.je", {"Wat is je e-mailadres?", "What is your e-mail address?"}},
        {"contact.entry.visit", {"Op welk adres mogen we langskomen?", "At which address may we visit you?"}},
        {"contact.entry.visit.je", {"Op welk adres mogen we bij je langskomen?", "At which address may we visit you?"}},
        {"contact.entry.hint", {"Alleen ons team ziet dit. Tik daarna op Verder.", "Only our team sees this. Then tap Next."}},
        {"contact.error.empty", {"Typ eerst iets.", "Type something first."}},
        {"contact.error.phone", {"Een nummer heeft 10 cijfers, zoals 06 12345678. Of begin met +.",
                                 "A Dutch number has 10 digits, like 06 12345678. Or start with +."}},
        {"contact.error.email", {"Een e-mailadres ziet eruit als naam@voorbeeld.nl.",
                                 "An e-mail address looks like name@example.com."}},
        {"contact.error.address", {"Typ de straat en het huisnummer.", "Type the street and the house number."}},
        // What happens next, on the thanks screen. An organisation puts its own
        // wording here (translations/<lang>.json in its content pack), e.g. where its desk is.
        {"contact.after.desk", {"Loop nu naar de balie. Zeg dat u met iemand wilt praten.",
                                "Walk to the desk now. Say that you would like to talk with someone."}},
        {"contact.after.desk.je", {"Loop nu naar de balie. Zeg dat je met iemand wilt praten.",
                                   "Walk to the desk now. Say that you would like to talk with someone."}},
        {"contact.desk-where", {"De balie vindt u hier: {where}.", "You find the desk here: {where}."}},
        {"contact.desk-where.je", {"De balie vind je hier: {where}.", "You find the desk here: {where}."}},
        {"contact.after.phone", {"Iemand van ons team belt u op het nummer dat u gaf.",
                                 "Someone from our team will call you on the number you gave."}},
        {"contact.after.phone.je", {"Iemand van ons team belt je op het nummer dat je gaf.",
                                    "Someone from our team will call you on the number you gave."}},
        {"contact.after.email", {"Iemand van ons team mailt u op het adres dat u gaf.",
                                 "Someone from our team will e-mail you at the address you gave."}},
        {"contact.after.email.je", {"Iemand van ons team mailt je op het adres dat je gaf.",
                                    "Someone from our team will e-mail you at the address you gave."}},
        {"contact.after.visit", {"Iemand van ons team komt bij u langs op het adres dat u gaf.",
                                 "Someone from our team will visit you at the address you gave."}},
        {"contact.after.visit.je", {"Iemand van ons team komt bij je langs op het adres dat je gaf.",
                                    "Someone from our team will visit you at the address you gave."}},
        {"contact.after.none", {"We nemen geen contact met u op. U mag altijd zelf langskomen.",
                                "We will not contact you. You are always welcome to drop in."}},
        {"contact.after.none.je", {"We nemen geen contact met je op. Je mag altijd zelf langskomen.",
                                   "We will not contact you. You are always welcome to drop in."}},
        {"contact.after.not-now", {"We nemen geen contact met u op. U mag altijd zelf langskomen.",
                                   "We will not contact you. You are always welcome to drop in."}},
        {"contact.after.not-now.je", {"We nemen geen contact met je op. Je mag altijd zelf langskomen.",
                                      "We will not contact you. You are always welcome to drop in."}},
        {"still-here.title", {"Bent u er nog?", "Are you still there?"}},
        {"still-here.body", {"Tik op de knop om verder te gaan. Anders wissen we alles over {n} seconden.",
                             "Tap the button to go on. Otherwise we clear everything in {n} seconds."}},
        {"still-here.button", {"Ja, ik ga verder", "Yes, continue"}},
        {"error.no-content", {"Er zijn nu geen vragenlijsten. Vraag een medewerker.",
                              "There are no questionnaires right now. Please ask a staff member."}},
        {"pin.title", {"Alleen voor medewerkers", "Staff only"}},
        {"pin.body", {"Vul de pincode in.", "Enter the PIN."}},
        {"pin.ok", {"OK", "OK"}},
        {"pin.cancel", {"Terug", "Back"}},
        {"pin.clear", {"Wis", "Clear"}},
        {"pin.wrong", {"Deze pincode klopt niet.", "This PIN is not right."}},
        {"pin.checking", {"De pincode wordt gecontroleerd.", "Checking the PIN."}},
        {"pin.locked", {"Te vaak een verkeerde pincode. Wacht {n} seconden.", "Too many wrong PINs. Wait {n} seconds."}},
        {"staff.title", {"Medewerkers", "Staff"}},
        {"staff.exit", {"Kiosk afsluiten", "Close the kiosk"}},
        {"staff.to-send", {"Nog te versturen: {n}", "Still to send: {n}"}},
        {"staff.rejected", {"Geweigerd door de server (bewaard): {n}", "Refused by the server (kept): {n}"}},
        {"staff.demo", {"Demo-apparaat: niet aangemeld bij een organisatie. Er wordt niets verstuurd.",
                        "Demo device: not enrolled with an organisation. Nothing is sent."}},
        {"staff.last-success", {"Laatst verstuurd: {t}", "Last sent: {t}"}},
        {"staff.never", {"nog nooit", "never"}},
        {"staff.last-error", {"Laatste fout: {e}", "Last error: {e}"}},
        {"staff.device", {"Apparaat: {id}", "Device: {id}"}},
        {"staff.sync-now", {"Nu versturen", "Send now"}},
        {"staff.cannot-collect", {"Deze kiosk kan nu geen antwoorden bewaren:", "This kiosk cannot store answers now:"}},
        {"staff.back", {"Terug naar welkom", "Back to welcome"}},
        // Staff screen additions, assisted and outreach work (issue 8).
        {"staff.disk", {"Vrije ruimte: {n}", "Free space: {n}"}},
        {"staff.battery", {"Batterij: {b}", "Battery: {b}"}},
        {"staff.not-reported", {"niet bekend", "not reported"}},
        {"staff.oldest", {"Oudste niet verstuurd: {t} oud", "Oldest unsent: {t} old"}},
        {"staff.assisted", {"Samen invullen starten", "Start an assisted interview"}},
        {"staff.enroll", {"Deze kiosk aanmelden bij de organisatie", "Enroll this kiosk with the organisation"}},
        {"enroll.title", {"Kiosk aanmelden", "Enroll this kiosk"}},
        {"enroll.body", {"Scan de QR-code van de aanmelding met de scanner. Of plak de tekst van het bestand met Ctrl+V.",
                         "Scan the enrollment QR code with the scanner. Or paste the text of the file with Ctrl+V."}},
        {"enroll.waiting", {"Wacht op de code ...", "Waiting for the code ..."}},
        {"enroll.received", {"{n} tekens ontvangen", "{n} characters received"}},
        {"enroll.try", {"Aanmelden", "Enroll"}},
        {"enroll.cancel", {"Terug", "Back"}},
        {"enroll.done", {"Aangemeld als {name}. Start de kiosk opnieuw om verder te gaan.",
                         "Enrolled as {name}. Restart the kiosk to go on."}},
        {"enroll.restart", {"Kiosk opnieuw starten", "Restart the kiosk"}},
        {"enroll.refused", {"Niet aangemeld. {why}", "Not enrolled. {why}"}},
        {"staff.paused-title", {"Gepauzeerd", "Paused"}},
        {"staff.paused-none", {"Geen gepauzeerde vragenlijsten.", "No paused questionnaires."}},
        {"staff.paused-item", {"{ref}, {age} geleden gepauzeerd", "{ref}, paused {age} ago"}},
        {"staff.no-ref", {"zonder dossiernummer", "no case reference"}},
        {"staff.resume-failed", {"Deze vragenlijst kan niet verder. Hij is verlopen of past niet bij de inhoud.",
                                 "This questionnaire cannot continue. It expired or does not fit the content."}},
        {"assist.title", {"Samen invullen", "Assisted interview"}},
        {"assist.which", {"Welke vragenlijst?", "Which questionnaire?"}},
        {"assist.case", {"Dossiernummer (mag leeg): {v}", "Case reference (optional): {v}"}},
        {"assist.case-help", {"Zoals AB-12345. Nooit een BSN.", "Like AB-12345. Never a national ID number."}},
        {"assist.note", {"Korte notitie (mag leeg): {v}", "Short note (optional): {v}"}},
        {"assist.together", {"Samen ingevuld", "Filled in together"}},
        {"assist.paper", {"Papieren formulier overtypen", "Type in a paper form"}},
        {"assist.start", {"Beginnen", "Start"}},
        {"assist.cancel", {"Terug", "Back"}},
        {"assist.case-bsn", {"Dit lijkt een BSN. Vul geen BSN in. Gebruik uw eigen dossiernummer.",
                             "This looks like a national ID number (BSN). Do not enter it. Use your own case reference."}},
        {"assist.case-format", {"Dit dossiernummer klopt niet. Gebruik 2 tot 4 letters, een streepje en 3 tot 10 cijfers.",
                                "This case reference is not right. Use 2 to 4 letters, a dash and 3 to 10 digits."}},
        {"assist.pick", {"Kies eerst een vragenlijst.", "Choose a questionnaire first."}},
        {"assist.not-used", {"Niet gebruikt met deze bewoner? Wat hebt u gebruikt?",
                             "Not used with this resident? What did you use instead?"}},
        {"assist.not-used.conversation", {"Alleen een gesprek", "A conversation only"}},
        {"assist.not-used.other-model", {"Een ander gespreksmodel", "Another conversation model"}},
        {"assist.not-used.paper", {"Een papieren lijst", "A paper form"}},
        {"assist.not-used.declined", {"De bewoner wilde niet", "The resident did not want to"}},
        {"assist.not-used.done", {"Geteld als niet gebruikt. Van de bewoner is niets bewaard.",
                                  "Counted as not used. Nothing of the resident was kept."}},
        {"pause", {"Pauze", "Pause"}},
        {"age.minutes", {"{n} min", "{n} min"}},
        {"age.hours", {"{n} uur", "{n} h"}},
        {"age.days", {"{n} dagen", "{n} days"}},
        {"handover", {"Volgende bewoner", "Next resident"}},
        {"paused.title", {"Even pauze", "Paused"}},
        {"paused.body", {"De antwoorden zijn veilig opgeslagen. Een medewerker kan later verder gaan met de pincode.",
                         "The answers are stored safely. A staff member can continue later with the PIN."}},
        {"paused.done", {"Naar het begin", "To the start"}},
        {"staff.content-version", {"Inhoud: versie {v}", "Content: version {v}"}},
        {"staff.content-bundled", {"Inhoud: de ingebouwde inhoud", "Content: the built-in content"}},
        {"staff.content-waiting", {"Nieuwe inhoud (versie {v}) komt na deze bewoner.",
                                   "New content (version {v}) comes after this resident."}},
        {"staff.content-notice", {"Nieuwe inhoud: {r}", "New content: {r}"}},
        {"staff.rollback", {"Terug naar de vorige inhoud", "Go back to the previous content"}},
        // Issue 13: what a resident can always do, and what they see.
        {"score.of-ten", {"{n} van de 10", "{n} out of 10"}},
        {"stop", {"Stoppen", "Stop"}},
        {"stop.title", {"Wilt u stoppen?", "Do you want to stop?"}},
        {"stop.body", {"Dan wissen we uw antwoorden. Er wordt niets bewaard.",
                       "Then we clear your answers. Nothing is kept."}},
        {"stop.body-sent", {"Uw antwoorden zijn al verstuurd. Als u stopt, wissen we het scherm.",
                            "Your answers have already been sent. If you stop, we clear the screen."}},
        {"stop.yes", {"Ja, stoppen", "Yes, stop"}},
        {"stop.no", {"Nee, verder gaan", "No, go on"}},
        {"stopped.title", {"U bent gestopt", "You have stopped"}},
        {"stopped.body", {"Er is niets bewaard. Fijne dag!", "Nothing was kept. Have a nice day!"}},
        {"stopped.body-sent", {"Uw antwoorden waren al verstuurd. Het scherm is gewist. Fijne dag!",
                               "Your answers had already been sent. The screen is cleared. Have a nice day!"}},
        {"help", {"Hulp", "Help"}},
        {"help.title", {"Hulp nodig?", "Need help?"}},
        {"help.body", {"Vraag het aan de medewerker bij de balie. Die helpt u graag. Uw antwoorden blijven staan.",
                       "Ask the person at the desk. They are happy to help. Your answers stay as they are."}},
        {"help.close", {"Verder", "Go on"}},
        {"scroll.more", {"Er staat meer onder", "There is more below"}},
        {"still-here.body-paused", {"Tik op de knop om verder te gaan. Anders zetten we de vragen over {n} seconden op pauze. Er gaat niets verloren.",
                                    "Tap the button to go on. Otherwise we pause the questions in {n} seconds. Nothing is lost."}},
        {"handover.title", {"Klaar met deze bewoner?", "Finished with this resident?"}},
        {"handover.body", {"Voor de medewerker: wat af is, wordt veilig opgeslagen. Daarna wist de kiosk alles van dit gesprek.",
                           "For staff: what is finished is stored safely. Then the kiosk clears everything of this visit."}},
        {"handover.yes", {"Ja, volgende bewoner", "Yes, next resident"}},
        {"handover.no", {"Nee, terug", "No, go back"}},
        {"staff.charging", {"laadt op", "charging"}},
        // Lines from the layers below the screens (said() / localize(); see catalog.hpp).
        // English is what logs and CLIs print and what an envelope's last error stores.
        {"msg.net.certificate",
         {"Certificaatprobleem: het eindpunt {endpoint} wordt niet vertrouwd, want {why}. Er is niets verstuurd; de antwoorden blijven op dit apparaat. Vraag het de beheerder ({detail})",
          "Certificate problem: the endpoint {endpoint} is not trusted because {why}. Nothing was sent; answers stay on this device. Ask the administrator ({detail})"}},
        {"msg.net.cert-expired", {"het certificaat is verlopen (of de klok van dit apparaat staat verkeerd)", "it has expired (or this device's clock is wrong)"}},
        {"msg.net.cert-not-yet", {"het certificaat is nog niet geldig (kijk de datum en tijd van dit apparaat na)", "it is not valid yet (check this device's date and time)"}},
        {"msg.net.cert-name", {"het certificaat is voor een andere servernaam", "it was issued for another server name"}},
        {"msg.net.cert-ca", {"het certificaat is niet ondertekend door een vertrouwde instantie", "it is not signed by a trusted certificate authority"}},
        {"msg.net.cert-unknown", {"het certificaat kon niet worden gecontroleerd", "it could not be verified"}},
        {"msg.net.no-host", {"Het eindpunt {endpoint} is niet te vinden (geen netwerk of een verkeerd adres)", "Cannot find the endpoint {endpoint} (no network or wrong address)"}},
        {"msg.net.no-connect", {"Geen verbinding met het eindpunt {endpoint} (geen netwerk, of het eindpunt staat uit)", "Cannot connect to the endpoint {endpoint} (offline, or the endpoint is down)"}},
        {"msg.net.timeout", {"Het eindpunt {endpoint} antwoordde niet op tijd", "The endpoint {endpoint} did not answer in time"}},
        {"msg.net.tls", {"De beveiligde verbinding met {endpoint} is mislukt ({detail})", "Secure connection to {endpoint} failed ({detail})"}},
        {"msg.net.plain-http",
         {"Niet verstuurd naar {endpoint}: gewone http:// mag alleen naar deze machine zelf; het eindpunt moet https:// gebruiken. Er is niets verstuurd; vraag de beheerder deze kiosk opnieuw aan te melden",
          "Refused to send to {endpoint}: plain http:// is only allowed to this machine (loopback); the endpoint must use https://. Nothing was sent; ask the administrator to re-enroll this kiosk"}},
        {"msg.net.failed", {"De verbinding met {endpoint} is mislukt ({detail})", "Connection to {endpoint} failed ({detail})"}},
        {"msg.sync.unconfirmed",
         {"Het eindpunt antwoordde {code} zonder de envelop te bevestigen (zit er een proxy of inlogpagina tussen?); we proberen het opnieuw",
          "The endpoint answered {code} without confirming the envelope (a proxy or login page in the way?); will retry"}},
        {"msg.sync.device-refused",
         {"Het eindpunt weigert dit apparaat ({answer}). Versturen staat stil en er wordt niets gewist; het apparaat moet misschien opnieuw worden aangemeld",
          "The endpoint refused this device ({answer}). Sending is paused and nothing is deleted; the device may need to be enrolled again"}},
        {"msg.sync.busy", {"Het eindpunt heeft het druk (429); we proberen het opnieuw", "The endpoint is busy (429); will retry"}},
        {"msg.sync.server-problem", {"Het eindpunt had een probleem ({answer}); we proberen het opnieuw", "The endpoint had a problem ({answer}); will retry"}},
        {"msg.sync.no-key",
         {"Het eindpunt heeft nog geen ondertekensleutel van dit apparaat ({answer}); die wordt nu aangemeld, de envelop blijft in de wachtrij",
          "The endpoint has no signing key for this device yet ({answer}); registering it, the envelope stays queued"}},
        {"msg.sync.conflict",
         {"Het eindpunt heeft al een andere envelop met dit nummer (409); deze blijft op dit apparaat",
          "The endpoint already holds a different envelope with this id (409); kept on this device"}},
        {"msg.sync.envelope-refused", {"Het eindpunt weigert deze envelop ({answer}); deze blijft op dit apparaat", "The endpoint refused this envelope ({answer}); kept on this device"}},
        {"msg.sync.unexpected",
         {"Onverwacht antwoord {code} van het eindpunt (klopt het adres van het eindpunt?); we proberen het opnieuw",
          "Unexpected answer {code} from the endpoint (check the endpoint URL); will retry"}},
        {"msg.sync.outbox", {"Wachtrij op dit apparaat: {e}", "outbox: {e}"}},
        {"msg.key.pending", {"De ondertekensleutel is nog niet aangemeld bij het eindpunt, de antwoorden blijven in de wachtrij: {e}",
                             "Signing key not registered with the endpoint yet, answers stay queued: {e}"}},
        {"msg.key.pending-local", {"De ondertekensleutel is nog niet aangemeld bij het eindpunt: {e}", "Signing key not registered with the endpoint yet: {e}"}},
        {"msg.key.unconfirmed",
         {"het eindpunt antwoordde {code} zonder de sleutel te bevestigen (zit er een proxy of inlogpagina tussen?)",
          "the endpoint answered {code} without confirming the key (a proxy or login page in the way?)"}},
        {"msg.key.other-key",
         {"Het eindpunt heeft een andere ondertekensleutel voor apparaat {device}: de aanmeldcode is eerst op een andere machine gebruikt. Er wordt niets verstuurd of gewist; vraag de beheerder deze kiosk opnieuw aan te melden (kioskctl device enroll --replaces {device})",
          "The endpoint holds a different signing key for device {device}: its enrollment bundle was used on another machine first. Nothing is sent or deleted; ask the administrator to re-enroll this kiosk (kioskctl device enroll --replaces {device})"}},
        {"msg.key.refused", {"het eindpunt weigert de sleutel ({answer}); versturen staat stil en er wordt niets gewist",
                             "the endpoint refused it ({answer}); sending is paused and nothing is deleted"}},
        {"msg.key.no-v2",
         {"het eindpunt neemt geen sleutels aan die op het apparaat zijn gemaakt (protocol v2, antwoord {code}); werk het eindpunt bij, of meld opnieuw aan met een v1-code (kioskctl device enroll --bundle-version 1)",
          "the endpoint does not accept device-made keys (protocol v2, answer {code}); update the endpoint, or re-enroll with a v1 bundle (kioskctl device enroll --bundle-version 1)"}},
        {"msg.outbox.demo",
         {"Demo-aanmelding: antwoorden worden versleuteld met een demo-sleutel op dit apparaat. Niet gebruiken voor echte bewoners.",
          "DEMO enrollment: answers are sealed to a demo key stored on this device; do not use with real residents"}},
        {"msg.audio.none", {"geen geluidsapparaat gevonden ({e})", "no audio device: {e}"}},
        {"msg.outbox.corrupt-stuck", {"De wachtrij-database is beschadigd en kon niet opzij worden gezet: {e}", "outbox database is corrupt and could not be moved aside: {e}"}},
        {"msg.outbox.corrupt-no-fresh",
         {"De wachtrij-database was beschadigd (opzij gezet naar {path}) en er kan geen nieuwe worden gestart: {e}",
          "outbox database was corrupt (moved aside to {path}) and a fresh one cannot be started: {e}"}},
        {"msg.outbox.corrupt-salvaged",
         {"De wachtrij-database was beschadigd ({why}); opzij gezet naar {path} en een nieuwe gestart; {n} niet-verstuurde envelop(pen) daaruit gered. Bewaar het oude bestand voor de beheerder.",
          "outbox database was corrupt ({why}); moved aside to {path}, started a fresh one; {n} unsent envelope(s) recovered from it. Keep the old file for the administrator."}},
        {"msg.outbox.cannot-write", {"kan geen antwoorden op schijf schrijven: {e}", "cannot write answers to disk: {e}"}},
        {"msg.outbox.disk-full", {"de schijf is vol", "disk full"}},
        {"msg.outbox.read-only", {"de gegevensmap is alleen-lezen", "data dir is read-only"}},
        {"msg.outbox.disk-error", {"kan niet naar de schijf schrijven ({e})", "cannot write to disk ({e})"}},
        {"msg.outbox.in-memory",
         {"{n} antwoordset(s) versleuteld en in het geheugen bewaard tot er weer naar de schijf geschreven kan worden ({why})",
          "{n} answer set(s) sealed and kept in memory until the disk can be written ({why})"}},
        {"msg.pack.name", {"pakket {label}", "pack {label}"}},
        {"msg.pack.refused", {"{name} geweigerd: {why}", "{name} refused: {why}"}},
        {"msg.pack.unsigned", {"het pakket is niet ondertekend (gebruik `kioskctl pack sign`)", "it is not signed (run `kioskctl pack sign`)"}},
        {"msg.pack.no-key", {"dit apparaat heeft geen inhoudssleutel van de organisatie (meld het eerst aan)", "this device has no organisation content key (enroll it first)"}},
        {"msg.pack.bad-signature", {"de handtekening past niet bij de inhoudssleutel van de organisatie", "signature does not match the organisation's content key"}},
        {"msg.pack.no-questionnaire", {"er zit geen vragenlijst in", "it holds no questionnaire"}},
        {"msg.pack.too-large", {"groter dan 32 MiB", "larger than 32 MiB"}},
        {"msg.pack.older", {"{name} geweigerd: versie {version} is ouder dan de geïnstalleerde versie {installed}",
                            "{name} refused: version {version} is older than the installed version {installed}"}},
        {"msg.pack.rolled-back-before",
         {"{name} niet geïnstalleerd: een medewerker heeft versie {version} teruggedraaid; publiceer een nieuwere versie",
          "{name} not installed: staff rolled back version {version}; publish a newer version to update"}},
        {"msg.pack.not-installed", {"{name} niet geïnstalleerd: {e}", "{name} not installed: {e}"}},
        {"msg.pack.staged", {"{name} is gecontroleerd en komt na de huidige bewoner", "{name} is checked and waits for the next resident"}},
        {"msg.pack.rolled-back", {"Teruggezet van pakket v{from} naar {to}", "rolled back from pack v{from} to {to}"}},
        {"msg.key.not-noted", {"De ondertekensleutel is aangemeld, maar dat kon niet op dit apparaat worden vastgelegd: {e}",
                               "Signing key registered, but that could not be noted on this device: {e}"}},
        // Compare with last time (issue 18): the scan screen and the result's comparison.
        {"choose.compare", {"Ik heb mijn vorige uitslag", "I have my previous result"}},
        {"choose.previous-ready", {"Uw vorige uitslag van {date} is klaar om te vergelijken. Kies nu de vragenlijst.",
                                   "Your previous result of {date} is ready to compare. Now choose the questionnaire."}},
        {"scan.title", {"Uw vorige uitslag", "Your previous result"}},
        {"scan.body", {"Houd de QR-code van uw vorige uitslag onder de scanner. De code staat op uw telefoon of op papier. Geen code? Tik op Terug.",
                       "Hold the QR code of your previous result under the scanner. The code is on your phone or on paper. No code? Tap Back."}},
        {"scan.camera", {"Houd de code voor de camera.", "Hold the code in front of the camera."}},
        {"scan.waiting", {"Wacht op de code ...", "Waiting for the code ..."}},
        {"scan.received", {"Code ontvangen.", "Code received."}},
        {"scan.try", {"Code lezen", "Read the code"}},
        {"scan.bad", {"Deze code kunnen we niet lezen. Het is geen uitslag van deze kiosk. Probeer het nog eens, of tik op Terug.",
                      "We cannot read this code. It is not a result from this kiosk. Try again, or tap Back."}},
        {"scan.unknown", {"Deze uitslag hoort bij een vragenlijst die hier niet is. Probeer een andere code, of tik op Terug.",
                          "This result belongs to a questionnaire that is not here. Try another code, or tap Back."}},
        {"scan.empty", {"Er kwam geen code binnen. Probeer het nog eens.", "No code came in. Please try again."}},
        {"compare.title", {"Vergeleken met vorige keer ({date})", "Compared with last time ({date})"}},
        {"compare.title-other", {"Uw vorige uitslag van {date}", "Your previous result of {date}"}},
        {"compare.title-other.je", {"Je vorige uitslag van {date}", "Your previous result of {date}"}},
        {"compare.legend", {"De stippellijn is uw vorige uitslag.", "The dashed line is your previous result."}},
        {"compare.legend.je", {"De stippellijn is je vorige uitslag.", "The dashed line is your previous result."}},
        {"compare.other-variant", {"Uw vorige uitslag is van een andere vragenlijst, of van de korte of de lange vorm. Die kunnen we niet met deze vergelijken.",
                                   "Your previous result is from another questionnaire, or from the short or the long form. It cannot be compared with this one."}},
        {"compare.other-variant.je", {"Je vorige uitslag is van een andere vragenlijst, of van de korte of de lange vorm. Die kunnen we niet met deze vergelijken.",
                                      "Your previous result is from another questionnaire, or from the short or the long form. It cannot be compared with this one."}},
        {"compare.higher", {"{domain}: hoger dan vorige keer (toen {then}, nu {now}).", "{domain}: higher than last time (then {then}, now {now})."}},
        {"compare.same", {"{domain}: hetzelfde als vorige keer (toen {then}, nu {now}).", "{domain}: the same as last time (then {then}, now {now})."}},
        {"compare.lower", {"{domain}: lager dan vorige keer (toen {then}, nu {now}).", "{domain}: lower than last time (then {then}, now {now})."}},
        {"compare.none", {"{domain}: niet te vergelijken, want een van beide keren is er geen antwoord.",
                          "{domain}: cannot be compared, because one of the two times has no answer."}},
        {"month.1", {"januari", "January"}},
        {"month.2", {"februari", "February"}},
        {"month.3", {"maart", "March"}},
        {"month.4", {"april", "April"}},
        {"month.5", {"mei", "May"}},
        {"month.6", {"juni", "June"}},
        {"month.7", {"juli", "July"}},
        {"month.8", {"augustus", "August"}},
        {"month.9", {"september", "September"}},
        {"month.10", {"oktober", "October"}},
        {"month.11", {"november", "November"}},
        {"month.12", {"december", "December"}},
    };
    return t;
}

}  // namespace

// [SECTION] languages and their own catalogues
const std::vector<Language>& known_languages() {
    static const std::vector<Language> langs{
        {"nl", "Nederlands", "ltr", "nl"},     {"en", "English", "ltr", "en"},
        {"ar", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "rtl", "ar"},  // العربية
        {"tr", "T\u00fcrk\u00e7e", "ltr", "tr"},  // Türkçe
        {"pl", "Polski", "ltr", "pl"},
        {"uk", "\u0423\u043a\u0440\u0430\u0457\u043d\u0441\u044c\u043a\u0430", "ltr", "uk"},  // Українська
        {"ti", "\u1275\u130d\u122d\u129b", "ltr", ""},  // ትግርኛ: espeak-ng has no Tigrinya voice
    };
    return langs;
}

const Language* find_language(std::string_view code) {
    for (const auto& l : known_languages())
        if (l.code == code) return &l;
    return nullptr;
}

namespace {
// A new language's catalogue, from its embedded assets/i18n/<code>.json.
struct OwnCatalogue {
    std::string status;  // "draft" | "reviewed"
    std::map<std::string, std::string, std::less<>> texts;
    PluralForms plurals;  // key -> category -> text (plural.hpp)
};
struct OwnCatalogues {
    std::map<std::string, OwnCatalogue, std::less<>> by_lang;
    std::vector<std::string> problems;
};

const OwnCatalogues& own_catalogues() {
    static const OwnCatalogues all = [] {
        OwnCatalogues out;
        for (const auto& file : embedded_catalogues()) {
            const std::string label = "assets/i18n/" + file.name + ".json";
            auto j = nlohmann::json::parse(file.json, nullptr, false);
            if (j.is_discarded() || !j.is_object()) {
                out.problems.push_back(label + ": not a JSON object");
                continue;
            }
            const Language* l = find_language(file.name);
            if (!l || file.name == "nl" || file.name == "en") {
                out.problems.push_back(label + ": '" + file.name + "' is not one of the new languages (ar, tr, pl, uk, ti)");
                continue;
            }
            if (j.value("language", std::string()) != file.name)
                out.problems.push_back(label + ": \"language\" must be \"" + file.name + "\"");
            OwnCatalogue c;
            c.status = j.value("translation-status", std::string());
            if (c.status != "draft" && c.status != "reviewed") {
                out.problems.push_back(label + ": \"translation-status\" must be \"draft\" or \"reviewed\"");
                c.status = "draft";
            }
            if (!j.contains("texts") || !j["texts"].is_object()) {
                out.problems.push_back(label + ": no \"texts\" object");
                continue;
            }
            for (const auto& [key, value] : j["texts"].items()) {
                if (table().find(key) == table().end()) {
                    out.problems.push_back(label + ": '" + key + "' is not a text of the kiosk");
                    continue;
                }
                if (!value.is_string() || value.get<std::string>().empty()) {
                    out.problems.push_back(label + ": '" + key + "' must be a text");
                    continue;
                }
                c.texts.emplace(key, value.get<std::string>());
            }
            // "plurals": {"<key>": {"<category>": "<text>"}}: the forms besides the text itself.
            if (j.contains("plurals")) {
                if (!j["plurals"].is_object()) out.problems.push_back(label + ": \"plurals\" must be an object");
                else
                    for (const auto& [key, forms] : j["plurals"].items()) {
                        auto base = c.texts.find(key);
                        if (base == c.texts.end()) {
                            out.problems.push_back(label + ": plurals of '" + key + "': the file has no text for it");
                            continue;
                        }
                        if (!forms.is_object()) {
                            out.problems.push_back(label + ": plurals of '" + key + "' must be an object");
                            continue;
                        }
                        for (const auto& [cat, form] : forms.items()) {
                            std::string why = form.is_string() ? check_plural(file.name, cat, base->second, form.get<std::string>())
                                                               : "must be a text";
                            if (!why.empty()) out.problems.push_back(label + ": plural '" + cat + "' of '" + key + "': " + why);
                            else c.plurals[key][cat] = form.get<std::string>();
                        }
                    }
            }
            out.by_lang.emplace(file.name, std::move(c));
        }
        return out;
    }();
    return all;
}

const OwnCatalogue* own_catalogue(std::string_view lang) {
    if (lang == "nl" || lang == "en") return nullptr;
    const auto& all = own_catalogues().by_lang;
    auto it = all.find(lang);
    return it == all.end() ? nullptr : &it->second;
}
}  // namespace

const std::vector<Language>& languages() {
    static const std::vector<Language> langs = [] {
        std::vector<Language> out;
        for (const auto& l : known_languages())
            if (l.code == "nl" || l.code == "en" || own_catalogue(l.code)) out.push_back(l);
        return out;
    }();
    return langs;
}

bool is_supported(std::string_view code) {
    for (const auto& l : languages())
        if (l.code == code) return true;
    return false;
}

bool has_voice(std::string_view code) {
    const Language* l = find_language(code);
    return l && !l->voice.empty();
}

std::string translation_status(std::string_view code) {
    const OwnCatalogue* c = own_catalogue(code);
    return c ? c->status : std::string();
}

std::string own_text(std::string_view key, std::string_view lang) {
    const OwnCatalogue* c = own_catalogue(lang);
    if (!c) return "";
    auto it = c->texts.find(key);
    return it == c->texts.end() ? std::string() : it->second;
}

std::vector<std::string> catalogue_file_problems() { return own_catalogues().problems; }

namespace {
// [SECTION] overrides
Overrides& overrides() {
    static Overrides o;
    return o;
}

std::vector<std::string> placeholders(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t a = text.find('{'); a != std::string_view::npos; a = text.find('{', a + 1)) {
        auto b = text.find('}', a);
        if (b == std::string_view::npos) break;
        out.emplace_back(text.substr(a, b - a + 1));
    }
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

std::string check_override(std::string_view lang, std::string_view key, std::string_view text) {
    if (!is_supported(lang)) {
        std::string spoken;
        for (const auto& l : languages()) spoken += (spoken.empty() ? "" : ", ") + l.code;
        return "language '" + std::string(lang) + "' is not one the kiosk speaks (" + spoken + ")";
    }
    auto it = table().find(key);
    if (it == table().end()) return "'" + std::string(key) + "' is not a text of the kiosk";
    if (text.find_first_not_of(" \t\n") == std::string_view::npos) return "'" + std::string(key) + "' is empty";
    const std::string& ours = lang == "nl" ? it->second.nl : it->second.en.empty() ? it->second.nl : it->second.en;
    if (placeholders(text) != placeholders(ours)) {
        std::string want;
        for (const auto& p : placeholders(ours)) want += (want.empty() ? "" : " ") + p;
        return "'" + std::string(key) + "' must keep the placeholders of the kiosk's text (" +
               (want.empty() ? std::string("none") : want) + ")";
    }
    return "";
}

void set_overrides(Overrides o) { overrides() = std::move(o); }

namespace {
// [SECTION] lookup, templates and formatting
std::string fill_values(std::string s, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) {
        std::string ph = "{" + name + "}";
        for (auto pos = s.find(ph); pos != std::string::npos; pos = s.find(ph, pos + value.size()))
            s.replace(pos, ph.size(), value);
    }
    return s;
}
}  // namespace

std::string said(std::string_view key, const std::vector<std::pair<std::string, std::string>>& values) {
    auto it = table().find(key);
    return fill_values(it == table().end() ? std::string(key) : it->second.en, values);  // never an organisation's override
}

namespace {
// One msg.* template cut into literal text and placeholder names: parts[0], name[0], parts[1], ...
struct Template {
    std::string key;
    std::vector<std::string> parts, names;
    std::size_t literal = 0;  // characters of literal text: the more, the more specific
};

const std::vector<Template>& templates() {
    static const std::vector<Template> all = [] {
        std::vector<Template> out;
        for (const auto& [key, entry] : table()) {
            if (key.rfind("msg.", 0) != 0) continue;
            Template t{key, {""}, {}, 0};
            const std::string& en = entry.en;
            for (std::size_t i = 0; i < en.size(); ++i) {
                auto close = en[i] == '{' ? en.find('}', i) : std::string::npos;
                if (close != std::string::npos) {
                    t.names.push_back(en.substr(i + 1, close - i - 1));
                    t.parts.emplace_back();
                    i = close;
                } else {
                    t.parts.back() += en[i];
                    ++t.literal;
                }
            }
            out.push_back(std::move(t));
        }
        return out;
    }();
    return all;
}

// Whether line[pos..] matches t.parts[k], name[k], parts[k+1], ... to its end; fills values (shortest first).
bool match_from(const Template& t, std::string_view line, std::size_t pos, std::size_t k, std::vector<std::string>& values) {
    const std::string& lit = t.parts[k];
    if (line.compare(pos, lit.size(), lit) != 0) return false;
    pos += lit.size();
    if (k == t.names.size()) return pos == line.size();
    // The value ends where the next literal text starts (tried shortest first);
    // the last value, or one followed by another placeholder, can end anywhere.
    const std::string& next = t.parts[k + 1];
    for (std::size_t end = pos; end <= line.size(); ++end) {
        if (!next.empty()) {
            end = line.find(next, end);
            if (end == std::string_view::npos) break;
        } else if (k + 1 == t.names.size()) {
            end = line.size();
        }
        values.emplace_back(line.substr(pos, end - pos));
        if (match_from(t, line, end, k + 1, values)) return true;
        values.pop_back();
    }
    return false;
}

std::string localize_depth(std::string_view line, std::string_view lang, int depth) {
    if (lang == "en" || depth > 3 || line.empty()) return std::string(line);
    const Template* best = nullptr;
    std::vector<std::string> best_values;
    for (const auto& t : templates()) {
        if (best && t.literal <= best->literal) continue;
        std::vector<std::string> values;
        if (match_from(t, line, 0, 0, values)) {
            best = &t;
            best_values = std::move(values);
        }
    }
    if (!best) return std::string(line);
    std::vector<std::pair<std::string, std::string>> filled;
    for (std::size_t i = 0; i < best->names.size(); ++i)
        filled.emplace_back(best->names[i], localize_depth(best_values[i], lang, depth + 1));  // a line inside a line
    return fmt(best->key, lang, filled);
}
}  // namespace

std::string localize(std::string_view line, std::string_view lang) { return localize_depth(line, lang, 0); }

const std::string& tr(std::string_view key, std::string_view lang) {
    if (auto l = overrides().find(std::string(lang)); l != overrides().end())
        if (auto k = l->second.find(std::string(key)); k != l->second.end()) return k->second;
    auto it = table().find(key);
    if (it == table().end()) {
        static std::map<std::string, std::string, std::less<>> missing;
        return missing.emplace(std::string(key), std::string(key)).first->second;
    }
    if (lang == "nl") return it->second.nl;
    if (const OwnCatalogue* c = own_catalogue(lang)) {
        if (auto k = c->texts.find(key); k != c->texts.end()) return k->second;
        if (!it->second.en.empty()) return it->second.en;  // a missing new-language text: English, not Dutch
    }
    if (lang == "en" && !it->second.en.empty()) return it->second.en;
    return it->second.nl;
}

namespace {
// The plural forms of `key` (category -> text) in the language whose text
// tr() gives for `lang` (`source`: a new language without its own text falls
// back to English, and so do its plurals); nullptr when there are none, or
// when an organisation's own wording replaces the text (used as it is).
const PluralTexts* plural_texts(std::string_view key, std::string_view lang, std::string& source) {
    if (auto l = overrides().find(std::string(lang)); l != overrides().end() && l->second.count(std::string(key)))
        return nullptr;
    source = std::string(lang);
    if (const OwnCatalogue* c = own_catalogue(lang)) {
        if (c->texts.count(key)) {
            auto k = c->plurals.find(key);
            return k == c->plurals.end() ? nullptr : &k->second;
        }
        source = "en";
    }
    if (source != "nl" && source != "en") return nullptr;
    auto k = built_in_plurals().find(key);
    if (k == built_in_plurals().end()) return nullptr;
    auto l = k->second.find(source);
    return l == k->second.end() ? nullptr : &l->second;
}

// The plural form for the number in values' "n"; nullptr: the text itself.
const std::string* plural_form(std::string_view key, std::string_view lang,
                               const std::vector<std::pair<std::string, std::string>>& values) {
    auto n = std::find_if(values.begin(), values.end(), [](const auto& v) { return v.first == "n"; });
    if (n == values.end() || n->second.empty() || n->second.size() > 18 ||
        !std::all_of(n->second.begin(), n->second.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return nullptr;
    std::string source;
    const PluralTexts* forms = plural_texts(key, lang, source);
    if (!forms) return nullptr;
    auto f = forms->find(plural_category(source, std::stoull(n->second)));
    return f == forms->end() ? nullptr : &f->second;
}
}  // namespace

std::vector<std::string> plural_forms(std::string_view key, std::string_view lang) {
    std::vector<std::string> out;
    std::string source;
    if (const PluralTexts* forms = plural_texts(key, lang, source))
        for (const auto& [category, text] : *forms) out.push_back(text);
    return out;
}

std::string fmt(std::string_view key, std::string_view lang,
                const std::vector<std::pair<std::string, std::string>>& values) {
    if (const std::string* form = plural_form(key, lang, values)) return fill_values(*form, values);
    return fill_values(tr(key, lang), values);
}

bool has_key(std::string_view key) { return table().find(key) != table().end(); }
std::string decimal(double v, int decimals, std::string_view lang) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", std::clamp(decimals, 0, 6), v);
    std::string s = b;
    if (lang != "en" && lang != "ti")  // Dutch, Arabic, Turkish, Polish and Ukrainian write a decimal comma
        std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string bytes(unsigned long long n, std::string_view lang) {
    static const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1000.0 && u < 4) {
        v /= 1000.0;
        ++u;
    }
    return (u == 0 ? std::to_string(n) : decimal(v, 1, lang)) + " " + units[u];
}

std::vector<std::string> keys() {
    std::vector<std::string> k;
    for (const auto& [key, e] : table()) k.push_back(key);
    return k;
}

}  // namespace kiosk::i18n
