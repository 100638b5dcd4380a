#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "endpoint/export.hpp"
#include "report/small_cells.hpp"

namespace kiosk::report {

namespace {

json dist_json(const Dist& d) {
    json j = {{"n", d.n}};
    if (d.n == 0) return j;
    j["mean"] = d.mean;
    j["min"] = d.min;
    j["q1"] = d.q1;
    j["median"] = d.median;
    j["q3"] = d.q3;
    j["max"] = d.max;
    return j;
}

using Row = std::vector<std::string>;
std::int64_t to_i(const std::string& s) { return std::atoll(s.c_str()); }

const std::map<std::string, std::pair<const char*, const char*>>& words() {
    static const std::map<std::string, std::pair<const char*, const char*>> k = {
        {"title", {"Wat de antwoorden ons leren", "What the answers tell us"}},
        {"intro",
         {"Dit verslag telt de antwoorden die de kiosken stuurden. Het noemt bij elk getal hoeveel mensen het telt (n). "
          "Het zegt niets over één persoon, behalve in de werklijst, die alleen voor de medewerkers is.",
          "This report counts the answers the kiosks sent. Every figure says how many people it counts (n). "
          "It says nothing about one person, except in the work list, which is for staff only."}},
        {"period", {"Periode", "Period"}},
        {"all", {"alles", "everything"}},
        {"keep_safe",
         {"Dit bestand bevat gegevens van bewoners (de werklijst). Bewaar het zo veilig als de export.",
          "This file holds residents' data (the work list). Keep it as safe as the export."}},
        {"responses", {"Antwoorden", "Responses"}},
        {"per_questionnaire", {"Per vragenlijst", "Per questionnaire"}},
        {"per_month", {"Per maand", "Per month"}},
        {"per_site", {"Per plek (kiosk of tablet)", "Per site (kiosk or tablet)"}},
        {"suppressed", {"minder dan", "fewer than"}},
        {"not_shown", {"niet getoond", "not shown"}},
        {"small_cells_rule",
         {"Groepen van 1 tot en met %d mensen tonen we nergens in dit verslag (\"minder dan %n\"), zodat niemand te herkennen is. "
          "Waar zo'n getal uit de andere getallen terug te rekenen is, laten we ook een ander getal weg (\"niet getoond\"). "
          "Nul tonen we wel: dat is niemand. Alleen de werklijst noemt elke aanmelding apart.",
          "Groups of 1 to %d people are not shown anywhere in this report (\"fewer than %n\"), so nobody can be recognised. "
          "Where such a number could be worked out from the others, another number is left out too (\"not shown\"). "
          "Zero is shown: it is no one. Only the work list names each entry."}},
        {"other_reason", {"Anders beëindigd", "Ended otherwise"}},
        {"other_reason_note",
         {"Anders beëindigd: een medewerker begon iets anders terwijl de vragenlijst nog open stond.",
          "Ended otherwise: staff started something else while the questionnaire was still open."}},
        {"code.conversation", {"Alleen een gesprek", "A conversation only"}},
        {"code.other-model", {"Een ander gespreksmodel", "Another conversation model"}},
        {"code.paper", {"Een papieren formulier", "A paper form"}},
        {"code.declined", {"De bewoner wilde niet", "The resident did not want to"}},
        {"not_used", {"Niet gebruikt (medewerker)", "Not used (staff)"}},
        {"not_used_instead", {"Wat de medewerker gebruikte in plaats van de vragenlijst", "What staff used instead of the questionnaire"}},
        {"suppressed_note",
         {"Groepen van minder dan %d mensen tonen we niet, zodat niemand te herkennen is.",
          "Groups of fewer than %d people are not shown, so nobody can be recognised."}},
        {"completion", {"Afmaken", "Completion"}},
        {"completion_note",
         {"Begonnen = afgemaakt + gestopt (zelf gestopt of te lang niets gedaan). Wie geen toestemming gaf, telt apart. "
          "De balken laten zien bij welke stap mensen stopten. Dit zegt niet waarom.",
          "Started = finished + stopped (left on purpose or idle too long). People who declined consent are counted apart. "
          "The bars show at which step people stopped. They do not say why."}},
        {"questionnaire", {"Vragenlijst", "Questionnaire"}},
        {"variant", {"Soort", "Variant"}},
        {"language", {"Taal", "Language"}},
        // The language a response was given in, named for the reader of the report (code in brackets).
        {"lang.nl", {"Nederlands", "Dutch"}},
        {"lang.en", {"Engels", "English"}},
        {"lang.ar", {"Arabisch", "Arabic"}},
        {"lang.tr", {"Turks", "Turkish"}},
        {"lang.pl", {"Pools", "Polish"}},
        {"lang.uk", {"Oekra\u00efens", "Ukrainian"}},
        {"lang.ti", {"Tigrinya", "Tigrinya"}},
        {"started", {"Begonnen", "Started"}},
        {"finished", {"Afgemaakt", "Finished"}},
        {"idle", {"Te lang niets gedaan", "Idle"}},
        {"stop", {"Zelf gestopt", "Stopped"}},
        {"decline", {"Geen toestemming", "Declined"}},
        {"stopped_at", {"Gestopt bij stap", "Stopped at step"}},
        {"step", {"stap", "step"}},
        {"scores", {"Scores per deel van het leven", "Scores per part of life"}},
        {"scores_note",
         {"Elke rij: de spreiding van de scores (0 = heel slecht, 10 = heel goed). Het blok is de middelste helft van de "
          "mensen, de streep erin het midden (mediaan), de lijnen lopen van de laagste tot de hoogste score. "
          "Vergelijk alleen dezelfde vragenlijst: een korte en een lange lijst meten niet precies hetzelfde.",
          "Each row: the spread of scores (0 = very bad, 10 = very good). The box is the middle half of the people, the "
          "line in it the middle (median), the whiskers run from the lowest to the highest score. Compare only the same "
          "questionnaire: a short and a long list do not measure exactly the same."}},
        {"intake", {"Aanmelding", "Intake"}},
        {"themes", {"Onderwerpen", "Themes"}},
        {"urgency", {"Hoe snel", "How soon"}},
        {"contact", {"Hoe contact", "How to be contacted"}},
        {"intake_note",
         {"Een aanmelding kan meer onderwerpen hebben; de balken tellen keuzes, niet mensen.",
          "An intake can choose several themes; the bars count choices, not people."}},
        {"worklist", {"Werklijst: wie wil praten of gebeld worden", "Work list: who wants to talk or be contacted"}},
        {"worklist_note",
         {"Alleen voor medewerkers, nooit op een kiosk. De gegevens staan in de export onder het envelop-nummer. "
          "Hier de nieuwste %d; worklist.csv heeft ze allemaal.",
          "For staff only, never on a kiosk. The details are in the export under the envelope id. "
          "Shown here: the newest %d; worklist.csv has all of them."}},
        {"day", {"Dag", "Day"}},
        {"why", {"Waarom", "Why"}},
        {"case", {"Dossier", "Case"}},
        {"envelope", {"Envelop", "Envelope"}},
        {"talk_about", {"Praten over", "Talk about"}},
        {"effect", {"Verandering in de tijd", "Change over time"}},
        {"effect_note",
         {"Mensen die twee keer of vaker dezelfde vragenlijst invulden: met hetzelfde dossiernummer, of omdat ze hun "
          "vorige uitslag meebrachten (de code op hun uitslag). We vergelijken de eerste met de laatste keer. Een "
          "verandering tussen twee metingen is geen bewijs dat de hulp werkte: ook andere dingen in iemands leven "
          "veranderen, en wie terugkomt is niet iedereen.",
          "People who filled in the same questionnaire twice or more: with the same case reference, or because they "
          "brought their previous result (the code on their result). We compare the first with the latest time. A change "
          "between two measurements is not proof that the help worked: other things in a person's life change too, and "
          "those who come back are not everyone."}},
        {"source.case_reference", {"zelfde dossiernummer", "same case reference"}},
        {"source.brought_result", {"vorige uitslag meegebracht", "previous result brought along"}},
        {"sources_line",
         {"%s: %c met hetzelfde dossiernummer, %b van iemand die de vorige uitslag meebracht.",
          "%s: %c by the same case reference, %b from a resident who brought their previous result."}},
        {"pairs_word", {"paren", "pairs"}},
        {"not_comparable_line",
         {"Uitslag van een andere vorm meegebracht: %n (niet te vergelijken, telt niet mee).",
          "Brought a result of another form: %n (not comparable, not counted)."}},
        {"forms_note",
         {"Kort, lang en makkelijk zijn verschillende vormen van een vragenlijst: een uitslag van de ene vorm "
          "vergelijken we nooit met een andere.",
          "Short, full and easy are different forms of a questionnaire: a result of one form is never compared with "
          "another."}},
        {"rounded_note",
         {"De vorige uitslag is wat de bewoner meebracht: hele getallen (afgerond). De verandering is daarom bij benadering "
          "(tot een half punt ernaast).",
          "The previous result is what the resident brought: whole numbers (rounded). The change is therefore approximate "
          "(up to half a point off)."}},
        {"measure", {"meetinstrument: de verandering is een effectmeting", "measuring instrument: the change is an effect measurement"}},
        {"conversation",
         {"gespreksstarter: de verandering is geen effectmeting", "conversation starter: the change is not an effect measurement"}},
        {"pairs", {"paren", "pairs"}},
        {"first", {"eerste", "first"}},
        {"latest", {"laatste", "latest"}},
        {"change", {"verandering", "change"}},
        {"no_pairs", {"Nog geen mensen met twee metingen.", "No one with two measurements yet."}},
        {"effect_chart_note",
         {"Open rondje: gemiddelde de eerste keer; dichte stip: gemiddelde de laatste keer. Het blok eronder: spreiding "
          "van de verandering per persoon (-10 tot +10; 0 = gelijk gebleven).",
          "Open circle: mean at the first time; filled dot: mean at the latest time. The box below: spread of the change "
          "per person (-10 to +10; 0 = no change)."}},
        {"neighbourhood", {"Per wijk", "Per neighbourhood"}},
        {"no_neighbourhood",
         {"De aanmelding vraagt niet naar de wijk, dus per wijk is er niets te tellen.",
          "The intake does not ask for the neighbourhood, so there is nothing to count per neighbourhood."}},
        {"how", {"Hoe mensen invulden", "How people filled in"}},
        {"easy", {"Makkelijke versie", "Easy variant"}},
        {"read_aloud", {"Met voorlezen", "With read-aloud"}},
        {"text_size", {"Tekstgrootte", "Text size"}},
        {"assisted", {"Samen met een medewerker", "With a staff member"}},
        {"alone", {"Alleen", "Alone"}},
        {"how_note",
         {"Van de afgemaakte antwoorden. Voorlezen en tekstgrootte zoals ze aan het eind stonden.",
          "Of the finished responses. Read-aloud and text size as they were at the end."}},
        {"satisfaction", {"Tevredenheid", "Satisfaction"}},
        {"satisfaction_note",
         {"Per kwartaal de spreiding van de antwoorden op de tevredenheidsvragen (0 = heel ontevreden, 10 = heel tevreden).",
          "Per quarter the spread of the answers to the satisfaction questions (0 = very unhappy, 10 = very happy)."}},
        {"no_data", {"Nog geen gegevens.", "No data yet."}},
        {"unreadable",
         {"%d envelop(pen) konden niet geopend worden; die tellen niet mee (zie errors.csv van de export).",
          "%d envelope(s) could not be opened; they are not counted (see the export's errors.csv)."}},
        {"n", {"n", "n"}},
        {"median_word", {"mediaan", "median"}},
        {"variant.full", {"lang", "full"}},
        {"variant.short", {"kort", "short"}},
        {"variant.easy", {"makkelijk", "easy"}},
        {"variant.youth", {"jongeren", "youth"}},
        {"variant.child", {"kinderen", "children"}},
        {"variant.intake", {"aanmelding", "intake"}},
        {"variant.effect", {"herhalen", "to repeat"}},
        {"why.intake", {"aanmelding", "intake"}},
        {"why.talk", {"wil praten", "wants to talk"}},
        {"why.contact", {"wil contact", "wants contact"}},
        {"few_pairs",
         {"Minder dan 10 paren: te weinig om iets uit te concluderen.", "Fewer than 10 pairs: too few to draw conclusions."}},
        {"stopped_word", {"eerder gestopt", "ended early"}},
        {"responses_word", {"antwoorden", "responses"}},
        {"unknown", {"niet bekend", "not known"}},
        {"dom.body", {"Lichaam", "Body"}},
        {"dom.feelings", {"Gevoel", "Feelings"}},
        {"dom.meaning", {"Zingeving", "Meaning"}},
        {"dom.quality-of-life", {"Prettig leven", "Quality of life"}},
        {"dom.taking-part", {"Meedoen", "Taking part"}},
        {"dom.daily-life", {"Dagelijks leven", "Daily life"}},
        {"code.community", {"Buurt en eigen plannen", "Community and own initiatives"}},
        {"code.money", {"Geld en regels", "Money and rules"}},
        {"code.health", {"Gezondheid en zorg", "Health and care"}},
        {"code.relationships", {"Relaties en opvoeden", "Relationships and parenting"}},
        {"code.housing", {"Wonen", "Housing"}},
        {"code.mental-wellbeing", {"Je goed voelen en zingeving", "Mental wellbeing and meaning"}},
        {"code.work-learning", {"Leren en werk", "Learning and work"}},
        {"code.ageing-caring", {"Ouder worden en zorgen voor iemand", "Growing older and caring"}},
        {"code.getting-around", {"Vervoer en de buurt", "Getting around and the neighbourhood"}},
        {"code.volunteering", {"Vrijwilligerswerk", "Volunteering"}},
        {"code.today", {"Vandaag", "Today"}},
        {"code.this-week", {"Deze week", "This week"}},
        {"code.later", {"Later", "Later"}},
        {"code.phone", {"Telefoon", "Phone"}},
        {"code.email", {"E-mail", "Email"}},
        {"code.visit", {"Bezoek thuis", "Home visit"}},
        {"code.walk-in", {"Langskomen", "Walk in"}},
        {"code.desk", {"Aan de balie", "At the desk"}},
        {"what_for", {"Waar dit verslag voor is", "What this report is for"}},
        {"completion_records_note",
         {"Een kiosk stuurt bij stoppen alleen: welke vragenlijst, welke stap, waarom, welke dag. Geen antwoorden.",
          "When a session stops, a kiosk sends only: which questionnaire, which step, why, which day. No answers."}},
    };
    return k;
}

std::string fmtd(const std::string& s, int v) {
    auto p = s.find("%d");
    return p == std::string::npos ? s : s.substr(0, p) + std::to_string(v) + s.substr(p + 2);
}

// A count as the page shows it: the number, or why it is not there
// (small_cells.hpp). Strings are drawn grey by the charts.
json cell(const json& obj, const std::string& field, const std::string& lang, int min_cell) {
    if (obj.contains(field) && obj[field].is_number()) return obj[field];
    const json* why = obj.contains("suppressed") && obj["suppressed"].contains(field) ? &obj["suppressed"][field] : nullptr;
    if (why && *why == "complement") return tr("not_shown", lang);
    return tr("suppressed", lang) + " " + std::to_string(min_cell);
}
std::string cell_text(const json& obj, const std::string& field, const std::string& lang, int min_cell) {
    json c = cell(obj, field, lang, min_cell);
    return c.is_number() ? std::to_string(c.get<std::int64_t>()) : "<span class=\"hidden\">" + c.get<std::string>() + "</span>";
}

// The questionnaire's title and, since titles of one family look alike, its variant.
std::string qtitle(const Catalogue& c, const std::string& id, const std::string& lang) {
    if (auto q = c.find(id)) {
        auto t = q->title.get(lang);
        if (!t.empty()) return t + (q->variant.empty() ? "" : " (" + tr("variant." + q->variant, lang) + ")");
    }
    return id;
}

}  // namespace

std::string tr(const std::string& key, const std::string& lang) {
    auto it = words().find(key);
    if (it == words().end()) return key.rfind("code.", 0) == 0 ? key.substr(5) : key;
    return lang == "en" ? it->second.second : it->second.first;
}

// "Arabisch (ar)": a response's language as the report names it; an unknown code as it is.
static std::string language_name(const std::string& code, const std::string& lang) {
    if (code.empty()) return tr("unknown", lang);
    if (!words().count("lang." + code)) return code;
    return tr("lang." + code, lang) + " (" + code + ")";
}

std::string html_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
            case '&': o += "&amp;"; break;
            case '<': o += "&lt;"; break;
            case '>': o += "&gt;"; break;
            case '"': o += "&quot;"; break;
            default: o += c;
        }
    }
    return o;
}

std::string fmt_num(double v, const std::string& lang, int decimals) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(decimals);
    s << v;
    std::string t = s.str();
    if (lang == "nl") std::replace(t.begin(), t.end(), '.', ',');
    return t;
}

Result<json> report_figures(const Facts& f, const Catalogue& cat, const DeviceNames& devices, const ReportOptions& o) {
    json out = {{"schema", kReportSchema}, {"lang", o.lang}};
    out["period"] = {{"from", o.period.from}, {"to", o.period.to}};
    out["min_cell"] = o.min_cell;
    // Every count of people below goes through cells (small_cells.hpp): the
    // figures are computed in full first, then the one rule hides what it must.
    SmallCells cells(o.min_cell);
    using Id = SmallCells::Id;
    auto at = [](const std::string& base, std::size_t i) { return base + "/" + std::to_string(i); };
    const std::int64_t responses = f.count("SELECT COUNT(*) FROM resp");
    const std::int64_t records = f.count("SELECT COUNT(*) FROM comp");
    out["totals"] = {{"responses", responses}, {"completion_records", records}, {"unreadable", f.failed()}};
    const Id total = cells.shown(responses, "/totals", "responses");
    const Id total_records = cells.shown(records, "/totals", "completion_records");
    auto titles = json::object();

    // Responses per questionnaire, month, site: each adds up to the total.
    json per_q = json::array(), per_m = json::array(), per_s = json::array();
    std::map<std::string, Id> q_cell;
    std::vector<Id> q_cells, m_cells, s_cells;
    (void)f.query("SELECT qid, variant, COUNT(*) FROM resp GROUP BY qid, variant ORDER BY qid", {}, [&](const Row& r) {
        q_cells.push_back(q_cell[r[0]] = cells.shown(to_i(r[2]), at("/responses/per_questionnaire", per_q.size())));
        per_q.push_back({{"questionnaire", r[0]}, {"variant", r[1]}, {"n", to_i(r[2])}});
        titles[r[0]] = qtitle(cat, r[0], o.lang);
    });
    (void)f.query("SELECT month, COUNT(*) FROM resp GROUP BY month ORDER BY month", {}, [&](const Row& r) {
        m_cells.push_back(cells.shown(to_i(r[1]), at("/responses/per_month", per_m.size())));
        per_m.push_back({{"month", r[0]}, {"n", to_i(r[1])}});
    });
    (void)f.query("SELECT device, COUNT(*) FROM resp GROUP BY device ORDER BY device", {}, [&](const Row& r) {
        auto it = devices.find(r[0]);
        s_cells.push_back(cells.shown(to_i(r[1]), at("/responses/per_site", per_s.size())));
        per_s.push_back({{"device_id", r[0]}, {"name", it == devices.end() ? r[0] : it->second}, {"n", to_i(r[1])}});
    });
    cells.relation(total, q_cells);
    cells.relation(total, m_cells);
    cells.relation(total, s_cells);
    out["responses"] = {{"per_questionnaire", per_q}, {"per_month", per_m}, {"per_site", per_s}};

    // How people filled in (computed here: its languages add up with the completion table's).
    json how = {{"n", responses}};
    const Id how_n = cells.shown(responses, "/how", "n");
    cells.relation(total, {how_n});
    auto yes_count = [&](const char* field, const std::string& sql) {
        const std::int64_t n = f.count(sql);
        how[field] = n;
        // The people who did not are the rest of n: worked out, they must not be a small group.
        cells.relation(how_n, {cells.shown(n, "/how", field), cells.unshown(responses - n)});
    };
    yes_count("easy", "SELECT COUNT(*) FROM resp WHERE variant IN ('easy','child')");
    yes_count("read_aloud", "SELECT COUNT(*) FROM resp WHERE read_aloud=1");
    const std::int64_t assisted = f.count("SELECT COUNT(*) FROM resp WHERE assisted=1");
    how["assisted"] = assisted;
    how["alone"] = responses - assisted;
    cells.relation(how_n, {cells.shown(assisted, "/how", "assisted"), cells.shown(responses - assisted, "/how", "alone")});
    json sizes = json::array(), langs = json::array();
    std::vector<Id> size_cells, lang_cells;
    std::map<std::string, Id> lang_cell;
    (void)f.query("SELECT text_pct, COUNT(*) FROM resp GROUP BY text_pct ORDER BY text_pct", {}, [&](const Row& r) {
        size_cells.push_back(cells.shown(to_i(r[1]), at("/how/text_size", sizes.size())));
        sizes.push_back({{"code", r[0]}, {"n", to_i(r[1])}});
    });
    (void)f.query("SELECT lang, COUNT(*) FROM resp GROUP BY lang ORDER BY lang", {}, [&](const Row& r) {
        lang_cells.push_back(lang_cell[r[0]] = cells.shown(to_i(r[1]), at("/how/language", langs.size())));
        langs.push_back({{"code", r[0]}, {"n", to_i(r[1])}});
    });
    cells.relation(how_n, size_cells);
    cells.relation(how_n, lang_cells);
    how["text_size"] = sizes;
    how["language"] = langs;

    // Completion per questionnaire, variant and language. Started = finished +
    // every session that ended early (idle, stop, or a reason a newer kiosk
    // sends: "other"); declined and "not used" (staff chose something else,
    // when the record says so) are apart.
    json comp = json::array();
    std::map<std::string, std::vector<Id>> fin_by_q, fin_by_lang, ended_by_q;
    std::vector<Id> record_cells;
    // The columns for other reasons and "not used" only when some record has them.
    const bool any_other = f.count("SELECT COUNT(*) FROM comp WHERE reason NOT IN ('idle','stop','decline','not-used')") > 0;
    const bool any_not_used = f.count("SELECT COUNT(*) FROM comp WHERE reason='not-used'") > 0;
    (void)f.query(
        "SELECT qid, variant, lang, SUM(fin), SUM(idle), SUM(stop), SUM(decl), SUM(notused), SUM(other), MAX(steps) FROM ("
        " SELECT qid, variant, lang, 1 fin, 0 idle, 0 stop, 0 decl, 0 notused, 0 other, 0 steps FROM resp"
        " UNION ALL SELECT qid, variant, lang, 0, reason='idle', reason='stop', reason='decline', reason='not-used',"
        " reason NOT IN ('idle','stop','decline','not-used'), steps FROM comp)"
        " GROUP BY qid, variant, lang ORDER BY qid, lang",
        {}, [&](const Row& r) {
            const std::string p = at("/completion", comp.size());
            json c = {{"questionnaire", r[0]}, {"variant", r[1]}, {"language", r[2]}};
            const std::int64_t fin = to_i(r[3]), idle = to_i(r[4]), stop = to_i(r[5]), decl = to_i(r[6]),
                               not_used = to_i(r[7]), other = to_i(r[8]);
            c["started"] = fin + idle + stop + other;
            c["finished"] = fin;
            c["idle"] = idle;
            c["stop"] = stop;
            if (any_other) c["other"] = other;
            c["decline"] = decl;
            if (any_not_used) c["not_used"] = not_used;
            c["steps"] = to_i(r[9]);
            const Id started_id = cells.shown(fin + idle + stop + other, p, "started");
            const Id fin_id = cells.shown(fin, p, "finished"), idle_id = cells.shown(idle, p, "idle"),
                     stop_id = cells.shown(stop, p, "stop"), other_id = cells.shown(other, p, "other"),
                     decl_id = cells.shown(decl, p, "decline"), not_used_id = cells.shown(not_used, p, "not_used");
            std::vector<Id> parts{fin_id, idle_id, stop_id};
            if (any_other) parts.push_back(other_id);
            cells.relation(started_id, parts);
            fin_by_q[r[0]].push_back(fin_id);
            fin_by_lang[r[2]].push_back(fin_id);
            for (Id e : {idle_id, stop_id}) ended_by_q[r[0]].push_back(e), record_cells.push_back(e);
            if (any_other) ended_by_q[r[0]].push_back(other_id), record_cells.push_back(other_id);
            record_cells.push_back(decl_id);
            if (any_not_used) record_cells.push_back(not_used_id);
            titles[r[0]] = qtitle(cat, r[0], o.lang);
            comp.push_back(c);
        });
    // Finished per questionnaire (or language) over the rows is its response count.
    for (auto& [qid, ids] : fin_by_q)
        if (auto it = q_cell.find(qid); it != q_cell.end()) cells.relation(it->second, ids);
    for (auto& [lang, ids] : fin_by_lang)
        if (auto it = lang_cell.find(lang); it != lang_cell.end()) cells.relation(it->second, ids);
    cells.relation(total_records, record_cells);
    out["completion"] = comp;
    out["completion_columns"] = {{"other", any_other}, {"not_used", any_not_used}};

    // Where people stop, per questionnaire (all languages): adds up to its ended-early counts.
    json steps_out = json::array();
    (void)f.query("SELECT qid, MAX(steps) FROM comp WHERE reason NOT IN ('decline','not-used') GROUP BY qid ORDER BY qid", {},
                  [&](const Row& r) {
                      const std::string p = at("/completion_steps", steps_out.size());
                      json e = {{"questionnaire", r[0]}, {"steps", to_i(r[1])}};
                      json stopped = json::array();
                      std::vector<Id> ids;
                      (void)f.query("SELECT step, COUNT(*) FROM comp WHERE qid=? AND reason NOT IN ('decline','not-used') "
                                    "GROUP BY step ORDER BY step",
                                    {r[0]}, [&](const Row& s) {
                                        ids.push_back(cells.shown(to_i(s[1]), at(p + "/stopped_at", stopped.size())));
                                        stopped.push_back({{"step", to_i(s[0])}, {"n", to_i(s[1])}});
                                    });
                      // The steps add up to the questionnaire's ended-early counts (a sum of shown cells).
                      const Id ended = cells.unshown(f.count("SELECT COUNT(*) FROM comp WHERE qid=? AND reason NOT IN "
                                                             "('decline','not-used')", {r[0]}));
                      cells.relation(ended, ids);
                      cells.relation(ended, ended_by_q[r[0]]);
                      e["stopped_at"] = stopped;
                      titles[r[0]] = qtitle(cat, r[0], o.lang);
                      steps_out.push_back(e);
                  });
    out["completion_steps"] = steps_out;

    // What staff used instead when a questionnaire was not used (records that say so).
    json instead = json::array();
    (void)f.query("SELECT qid, instead, COUNT(*) FROM comp WHERE reason='not-used' GROUP BY qid, instead ORDER BY qid, instead",
                  {}, [&](const Row& r) {
                      cells.shown(to_i(r[2]), at("/not_used_instead", instead.size()));
                      instead.push_back({{"questionnaire", r[0]}, {"instead", r[1]}, {"n", to_i(r[2])}});
                  });
    out["not_used_instead"] = instead;

    // Domain scores per questionnaire (one questionnaire is one variant).
    json scores = json::array();
    (void)f.query("SELECT DISTINCT s.qid, r.variant FROM score s JOIN resp r ON r.id = s.rid ORDER BY s.qid", {},
                  [&](const Row& r) {
                      for (const auto& d : questionnaire::scoring_domains()) {
                          Dist dd = f.dist("SELECT value FROM score WHERE qid=? AND domain=? ORDER BY value", {r[0], d});
                          if (dd.n == 0) continue;
                          cells.shown(dd.n, at("/scores", scores.size()) + "/dist", "n", true);
                          scores.push_back({{"questionnaire", r[0]},
                                            {"variant", r[1]},
                                            {"purpose", purpose_of(cat.find(r[0]))},
                                            {"domain", d},
                                            {"dist", dist_json(dd)}});
                      }
                  });
    out["scores"] = scores;

    // Intake: themes, urgency, contact (choices, not people: no sums to protect).
    const std::int64_t intakes = f.count("SELECT COUNT(*) FROM resp WHERE family='intake'");
    json intake = {{"n", intakes}};
    const Id intake_n = cells.shown(intakes, "/intake", "n");
    std::vector<Id> intake_ids;
    (void)f.query("SELECT DISTINCT qid FROM resp WHERE family='intake'", {}, [&](const Row& r) {
        if (auto it = q_cell.find(r[0]); it != q_cell.end()) intake_ids.push_back(it->second);
    });
    cells.relation(intake_n, intake_ids);
    for (const char* link : {"themes", "urgency", "contact", "for-whom"}) {
        json counts = json::array();
        (void)f.query("SELECT c.code, COUNT(*) FROM choice c JOIN resp r ON r.id=c.rid WHERE r.family='intake' AND "
                      "c.link=? GROUP BY c.code ORDER BY COUNT(*) DESC, c.code",
                      {link}, [&](const Row& r) {
                          cells.shown(to_i(r[1]), at(std::string("/intake/") + link, counts.size()));
                          counts.push_back({{"code", r[0]}, {"n", to_i(r[1])}});
                      });
        intake[link] = counts;
    }
    out["intake"] = intake;

    // Work list: not a statistic but the entries staff act on, one by one
    // (the one place small-cell suppression does not apply).
    json items = json::array();
    (void)f.query("SELECT uuid, day, qid, case_ref, why, contact, urgency, talk_about FROM work "
                  "ORDER BY day DESC, rid DESC LIMIT " + std::to_string(kWorklistOnPage),
                  {}, [&](const Row& r) {
                      items.push_back({{"envelope_uuid", r[0]}, {"day", r[1]}, {"questionnaire", r[2]},
                                       {"case_reference", r[3]}, {"why", r[4]}, {"contact", r[5]},
                                       {"urgency", r[6]}, {"talk_about", r[7]}});
                  });
    out["worklist"] = {{"n", f.count("SELECT COUNT(*) FROM work")}, {"items", items}};

    // Effect over time: pairs of first and latest measurement, one entry per
    // questionnaire and source (case_reference: the same case reference twice
    // or more; brought_result: a resident who brought their previous result,
    // whole numbers, so the change is approximate).
    json effect = json::array();
    (void)f.query("SELECT DISTINCT qid, variant, source FROM pair ORDER BY qid, source = 'brought_result'", {}, [&](const Row& r) {
        const std::string p = at("/effect", effect.size());
        json e = {{"questionnaire", r[0]}, {"variant", r[1]}, {"purpose", purpose_of(cat.find(r[0]))}, {"source", r[2]},
                  {"rounded", r[2] == "brought_result"}};
        json doms = json::array();
        for (const auto& d : questionnaire::scoring_domains()) {
            const std::vector<std::string> b3 = {r[0], r[2], d};
            Dist ch = f.dist("SELECT change FROM pair WHERE qid=? AND source=? AND domain=? ORDER BY change", b3);
            if (ch.n == 0) continue;
            Dist a = f.dist("SELECT first FROM pair WHERE qid=? AND source=? AND domain=? ORDER BY first", b3);
            Dist b = f.dist("SELECT latest FROM pair WHERE qid=? AND source=? AND domain=? ORDER BY latest", b3);
            const std::string dp = at(p + "/domains", doms.size());
            cells.shown(ch.n, dp, "pairs");
            for (const char* k : {"first", "latest", "change"}) cells.shown(ch.n, dp + "/" + k, "n", true);
            doms.push_back({{"domain", d}, {"pairs", ch.n}, {"first", dist_json(a)}, {"latest", dist_json(b)},
                            {"change", dist_json(ch)}});
        }
        e["domains"] = doms;
        titles[r[0]] = qtitle(cat, r[0], o.lang);
        effect.push_back(e);
    });
    // Where the pairs come from, in people (a person is one pair whatever
    // domains they have), and the brought results of another variant that are
    // not compared.
    json sources = json::array();
    (void)f.query("SELECT qid, MAX(variant) FROM (SELECT qid, variant FROM pair UNION SELECT qid, variant FROM notcomp) "
                  "GROUP BY qid ORDER BY qid",
                  {}, [&](const Row& r) {
                      const std::string p = at("/effect_sources", sources.size());
                      json e = {{"questionnaire", r[0]}, {"variant", r[1]}};
                      for (const char* src : {"case_reference", "brought_result"}) {
                          const std::int64_t n =
                              f.count("SELECT COUNT(DISTINCT rid) FROM pair WHERE qid=? AND source=?", {r[0], src});
                          cells.shown(n, p, src);
                          e[src] = n;
                      }
                      const std::int64_t nc = f.count("SELECT COUNT(*) FROM notcomp WHERE qid=?", {r[0]});
                      cells.shown(nc, p, "not_comparable");
                      e["not_comparable"] = nc;
                      titles[r[0]] = qtitle(cat, r[0], o.lang);
                      sources.push_back(e);
                  });
    out["effect"] = effect;
    out["effect_sources"] = sources;

    // Neighbourhood: only where an intake asks it (a choice item "neighbourhood"
    // in the questionnaire; the free-text address is never read for this).
    bool asked = false;
    for (const auto& [id, qn] : cat.by_id)
        if (family_of(id, qn.variant) == "intake" && qn.find("neighbourhood")) asked = true;
    json nb = {{"asked", asked}};
    json groups = json::array();
    if (asked)
        (void)f.query("SELECT c.code, COUNT(*) FROM choice c JOIN resp r ON r.id=c.rid WHERE r.family='intake' AND "
                      "c.link='neighbourhood' GROUP BY c.code ORDER BY c.code",
                      {}, [&](const Row& r) {
                          cells.shown(to_i(r[1]), at("/neighbourhood/groups", groups.size()));
                          groups.push_back({{"code", r[0]}, {"n", to_i(r[1])}});
                      });
    nb["groups"] = groups;
    out["neighbourhood"] = nb;
    out["how"] = how;

    // Satisfaction per quarter and question.
    json sat = json::array();
    (void)f.query("SELECT DISTINCT n.qid, n.link, r.quarter FROM num n JOIN resp r ON r.id=n.rid "
                  "WHERE r.family='satisfaction' ORDER BY n.qid, n.link, r.quarter",
                  {}, [&](const Row& r) {
                      Dist d = f.dist("SELECT n.value FROM num n JOIN resp r ON r.id=n.rid WHERE n.qid=? AND n.link=? "
                                      "AND r.quarter=? ORDER BY n.value",
                                      {r[0], r[1], r[2]});
                      std::string text = r[1];
                      if (auto q = cat.find(r[0]))
                          if (auto it = q->find(r[1])) text = it->text.get(o.lang);
                      cells.shown(d.n, at("/satisfaction", sat.size()) + "/dist", "n", true);
                      sat.push_back({{"questionnaire", r[0]}, {"link", r[1]}, {"text", text}, {"quarter", r[2]},
                                     {"dist", dist_json(d)}});
                      titles[r[0]] = qtitle(cat, r[0], o.lang);
                  });
    out["satisfaction"] = sat;
    out["titles"] = titles;
    cells.apply(out);
    return out;
}

Status write_worklist_csv(const Facts& f, const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::trunc);
    if (!out) return make_error("cannot write " + file.string());
    out << "envelope_uuid,day,questionnaire,case_reference,why,contact,urgency,talk_about\n";
    Status s = f.query("SELECT uuid, day, qid, case_ref, why, contact, urgency, talk_about FROM work ORDER BY day DESC, rid DESC",
                       {}, [&](const Row& r) {
                           for (std::size_t i = 0; i < r.size(); ++i)
                               out << (i ? "," : "") << endpoint::csv_cell(r[i], i == 3);
                           out << "\n";
                       });
    if (!s.ok()) return s;
    out.close();
    if (!out) return make_error("cannot write " + file.string());
    return ok_status();
}

// ---- drawing -----------------------------------------------------------------------

std::string page_head(const std::string& title, const std::string& lang) {
    return "<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title) +
           "</title>\n<style>\n"
           "@page { size: A4; margin: 15mm; }\n"
           "body { font-family: 'Noto Sans', 'DejaVu Sans', Arial, sans-serif; color: #1a1a1a; background: #fff; "
           "max-width: 180mm; margin: 0 auto; padding: 8mm 4mm; line-height: 1.4; }\n"
           "h4 { font-size: 10.5pt; margin: 3mm 0 0; font-weight: 600; } h1 { font-size: 22pt; margin: 0 0 4mm; } h2 { font-size: 15pt; margin: 8mm 0 2mm; border-bottom: 2px solid #1f4e79; "
           "break-after: avoid; } h3 { font-size: 12pt; margin: 4mm 0 1mm; }\n"
           "p.note { color: #333; font-size: 10pt; margin: 1mm 0 3mm; }\n"
           "table { border-collapse: collapse; font-size: 9.5pt; margin: 2mm 0; } td, th { border: 1px solid #8a8a8a; "
           "padding: 1mm 2mm; text-align: left; } th { background: #e8eef5; } td.n { text-align: right; }\n"
           "section { break-inside: avoid-page; } svg { display: block; margin: 1mm 0 3mm; }\n"
           ".warn { border-left: 4px solid #b35900; padding: 1mm 3mm; background: #fff4e8; }\n"
           "span.hidden { color: #6b6b6b; white-space: nowrap; }\n"
           "</style>\n</head>\n<body>\n";
}

namespace {
constexpr const char* kBlue = "#1f4e79";   // 8.9:1 on white
constexpr const char* kOrange = "#a04d00";  // 5.6:1 on white
constexpr const char* kGrey = "#6b6b6b";    // 5.3:1 on white
}  // namespace

std::string bar_chart(const std::vector<std::pair<std::string, json>>& rows, const std::string& lang) {
    if (rows.empty()) return "<p class=\"note\">" + tr("no_data", lang) + "</p>\n";
    std::int64_t max = 1;
    for (const auto& [label, n] : rows)
        if (n.is_number()) max = std::max(max, n.get<std::int64_t>());
    const int w = 680, label_w = 310, bar_w = 310, row_h = 20;
    const int h = static_cast<int>(rows.size()) * row_h + 6;
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h << "\" viewBox=\"0 0 " << w << " "
      << h << "\" role=\"img\" font-size=\"12\">\n";
    int y = 3;
    for (const auto& [label, n] : rows) {
        s << "<text x=\"" << label_w - 6 << "\" y=\"" << y + 14 << "\" text-anchor=\"end\">" << html_escape(label) << "</text>";
        if (n.is_number()) {
            const double len = static_cast<double>(n.get<std::int64_t>()) * bar_w / static_cast<double>(max);
            s << "<rect x=\"" << label_w << "\" y=\"" << y + 3 << "\" width=\"" << std::max(1.0, len) << "\" height=\""
              << row_h - 6 << "\" fill=\"" << kBlue << "\"/>";
            s << "<text x=\"" << label_w + len + 5 << "\" y=\"" << y + 14 << "\">" << n.get<std::int64_t>() << "</text>";
        } else {
            s << "<text x=\"" << label_w << "\" y=\"" << y + 14 << "\" fill=\"" << kGrey << "\">" << n.get<std::string>()
              << "</text>";
        }
        s << "\n";
        y += row_h;
    }
    s << "</svg>\n";
    return s.str();
}

std::string box_chart(const std::vector<std::pair<std::string, json>>& rows, const std::string& lang, double lo, double hi,
                      int min_cell) {
    if (rows.empty()) return "<p class=\"note\">" + tr("no_data", lang) + "</p>\n";
    const int w = 680, label_w = 170, plot_w = 300, row_h = 26;
    const int h = static_cast<int>(rows.size()) * row_h + 30;
    auto x = [&](double v) { return label_w + (v - lo) * plot_w / (hi - lo); };
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h << "\" viewBox=\"0 0 " << w << " "
      << h << "\" role=\"img\" font-size=\"12\">\n";
    // Axis with ticks.
    const int axis_y = h - 22;
    s << "<line x1=\"" << x(lo) << "\" y1=\"" << axis_y << "\" x2=\"" << x(hi) << "\" y2=\"" << axis_y << "\" stroke=\"" << kGrey
      << "\"/>";
    const double step = (hi - lo) > 10 ? 5 : 1;
    for (double t = lo; t <= hi + 1e-9; t += step) {
        s << "<line x1=\"" << x(t) << "\" y1=\"" << axis_y << "\" x2=\"" << x(t) << "\" y2=\"" << axis_y + 4 << "\" stroke=\""
          << kGrey << "\"/><text x=\"" << x(t) << "\" y=\"" << axis_y + 16 << "\" text-anchor=\"middle\">" << t << "</text>";
        if (lo < 0 && std::abs(t) < 1e-9)
            s << "<line x1=\"" << x(0) << "\" y1=\"2\" x2=\"" << x(0) << "\" y2=\"" << axis_y << "\" stroke=\"" << kGrey
              << "\" stroke-dasharray=\"3 3\"/>";
    }
    s << "\n";
    int y = 4;
    for (const auto& [label, d] : rows) {
        const int mid = y + row_h / 2;
        s << "<text x=\"" << label_w - 6 << "\" y=\"" << mid + 4 << "\" text-anchor=\"end\">" << html_escape(label) << "</text>";
        if (d.contains("n") && d["n"].is_number() && d["n"].get<std::int64_t>() > 0 && d.contains("q1")) {
            const double mn = d["min"].get<double>(), q1 = d["q1"].get<double>(), md = d["median"].get<double>(),
                         q3 = d["q3"].get<double>(), mx = d["max"].get<double>();
            s << "<line x1=\"" << x(mn) << "\" y1=\"" << mid << "\" x2=\"" << x(mx) << "\" y2=\"" << mid << "\" stroke=\"" << kBlue
              << "\" stroke-width=\"1.5\"/>";
            s << "<rect x=\"" << x(q1) << "\" y=\"" << mid - 8 << "\" width=\"" << std::max(1.5, x(q3) - x(q1))
              << "\" height=\"16\" fill=\"#dbe6f2\" stroke=\"" << kBlue << "\" stroke-width=\"1.5\"/>";
            s << "<line x1=\"" << x(md) << "\" y1=\"" << mid - 8 << "\" x2=\"" << x(md) << "\" y2=\"" << mid + 8
              << "\" stroke=\"" << kOrange << "\" stroke-width=\"3\"/>";
        }
        if (d.contains("n") && d["n"].is_number())
            s << "<text x=\"" << label_w + plot_w + 10 << "\" y=\"" << mid + 4 << "\">n = " << d["n"].get<std::int64_t>()
              << (d.contains("median") ? ", " + tr("median_word", lang) + " " + fmt_num(d["median"].get<double>(), lang) : "")
              << "</text>";
        else
            s << "<text x=\"" << label_w + plot_w + 10 << "\" y=\"" << mid + 4 << "\" fill=\"" << kGrey << "\">"
              << cell(d, "n", lang, min_cell).get<std::string>() << "</text>";
        s << "\n";
        y += row_h;
    }
    s << "</svg>\n";
    return s.str();
}

namespace {

std::string dumbbell_chart(const json& domains, const std::string& lang) {
    const int w = 680, label_w = 170, plot_w = 300, row_h = 24;
    json shown = json::array();
    for (const auto& d : domains)
        if (d["pairs"].is_number() && d["first"].contains("mean") && d["latest"].contains("mean")) shown.push_back(d);
    if (shown.empty()) return "";
    const int h = static_cast<int>(shown.size()) * row_h + 30;
    auto x = [&](double v) { return label_w + v * plot_w / 10.0; };
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h << "\" viewBox=\"0 0 " << w << " "
      << h << "\" role=\"img\" font-size=\"12\">\n";
    const int axis_y = h - 22;
    s << "<line x1=\"" << x(0) << "\" y1=\"" << axis_y << "\" x2=\"" << x(10) << "\" y2=\"" << axis_y << "\" stroke=\"" << kGrey
      << "\"/>";
    for (int t = 0; t <= 10; ++t)
        s << "<text x=\"" << x(t) << "\" y=\"" << axis_y + 16 << "\" text-anchor=\"middle\">" << t << "</text>";
    int y = 4;
    for (const auto& d : shown) {
        const int mid = y + row_h / 2;
        const double a = d["first"]["mean"].get<double>(), b = d["latest"]["mean"].get<double>();
        s << "<text x=\"" << label_w - 6 << "\" y=\"" << mid + 4 << "\" text-anchor=\"end\">"
          << html_escape(tr("dom." + d["domain"].get<std::string>(), lang)) << "</text>";
        s << "<line x1=\"" << x(a) << "\" y1=\"" << mid << "\" x2=\"" << x(b) << "\" y2=\"" << mid << "\" stroke=\"" << kGrey
          << "\" stroke-width=\"2\"/>";
        s << "<circle cx=\"" << x(a) << "\" cy=\"" << mid << "\" r=\"5\" fill=\"#fff\" stroke=\"" << kBlue
          << "\" stroke-width=\"2\"/>";
        s << "<circle cx=\"" << x(b) << "\" cy=\"" << mid << "\" r=\"5\" fill=\"" << kOrange << "\"/>";
        s << "<text x=\"" << label_w + plot_w + 10 << "\" y=\"" << mid + 4 << "\">" << fmt_num(a, lang) << " → "
          << fmt_num(b, lang) << " (n = " << d["pairs"].get<std::int64_t>() << ")</text>\n";
        y += row_h;
    }
    s << "</svg>\n";
    return s.str();
}

std::string dom_label(const std::string& d, const std::string& lang) { return tr("dom." + d, lang); }

// "intake+talk" -> "intake, wants to talk"
std::string why_words(const std::string& why, const std::string& lang) {
    std::string out, part;
    std::stringstream ss(why);
    while (std::getline(ss, part, '+')) out += (out.empty() ? "" : ", ") + tr("why." + part, lang);
    return out;
}

}  // namespace

std::string report_html(const json& fig, const std::string& lang) {
    const json& titles = fig["titles"];
    auto title_of = [&](const std::string& id) { return titles.contains(id) ? titles[id].get<std::string>() : id; };
    std::ostringstream h;
    h << page_head(tr("title", lang), lang);
    h << "<h1>" << tr("title", lang) << "</h1>\n";
    const std::string from = fig["period"]["from"], to = fig["period"]["to"];
    h << "<p>" << tr("period", lang) << ": "
      << (from.empty() && to.empty() ? tr("all", lang) : html_escape(from) + " – " + html_escape(to)) << ". n = "
      << cell_text(fig["totals"], "responses", lang, fig["min_cell"].get<int>()) << " " << tr("responses_word", lang) << "; "
      << cell_text(fig["totals"], "completion_records", lang, fig["min_cell"].get<int>()) << " × " << tr("stopped_word", lang)
      << ".</p>\n";
    h << "<p class=\"note\">" << tr("intro", lang) << "</p>\n";
    h << "<p class=\"warn\">" << tr("keep_safe", lang) << "</p>\n";
    const int min_cell = fig["min_cell"].get<int>();
    {
        std::string rule = fmtd(tr("small_cells_rule", lang), min_cell - 1);
        if (auto p = rule.find("%n"); p != std::string::npos) rule.replace(p, 2, std::to_string(min_cell));
        h << "<p class=\"note\" id=\"small-cells\"><strong>n &lt; " << min_cell << "</strong>: " << html_escape(rule) << "</p>\n";
    }
    if (fig["totals"]["unreadable"].get<std::int64_t>() > 0)
        h << "<p class=\"warn\">" << fmtd(tr("unreadable", lang), static_cast<int>(fig["totals"]["unreadable"].get<std::int64_t>()))
          << "</p>\n";

    // Responses.
    h << "<section id=\"responses\"><h2>" << tr("responses", lang) << "</h2>\n<h3>" << tr("per_questionnaire", lang) << "</h3>\n";
    std::vector<std::pair<std::string, json>> rows;
    for (const auto& r : fig["responses"]["per_questionnaire"])
        rows.push_back({title_of(r["questionnaire"].get<std::string>()), cell(r, "n", lang, min_cell)});
    h << bar_chart(rows, lang);
    rows.clear();
    h << "<h3>" << tr("per_month", lang) << "</h3>\n";
    for (const auto& r : fig["responses"]["per_month"]) rows.push_back({r["month"].get<std::string>(), cell(r, "n", lang, min_cell)});
    h << bar_chart(rows, lang);
    rows.clear();
    h << "<h3>" << tr("per_site", lang) << "</h3>\n";
    for (const auto& r : fig["responses"]["per_site"]) rows.push_back({r["name"].get<std::string>(), cell(r, "n", lang, min_cell)});
    h << bar_chart(rows, lang);
    h << "<p class=\"note\">" << fmtd(tr("suppressed_note", lang), min_cell) << "</p></section>\n";

    // Completion.
    h << "<section id=\"completion\"><h2>" << tr("completion", lang) << "</h2>\n<p class=\"note\">"
      << tr("completion_note", lang) << " " << tr("completion_records_note", lang) << "</p>\n";
    if (fig["completion"].empty()) h << "<p class=\"note\">" << tr("no_data", lang) << "</p>\n";
    else {
        const bool other = fig["completion_columns"]["other"].get<bool>(), not_used = fig["completion_columns"]["not_used"].get<bool>();
        h << "<table><tr><th>" << tr("questionnaire", lang) << "</th><th>" << tr("language", lang) << "</th><th>"
          << tr("started", lang) << "</th><th>" << tr("finished", lang) << "</th><th>" << tr("stop", lang) << "</th><th>"
          << tr("idle", lang) << "</th>" << (other ? "<th>" + tr("other_reason", lang) + "</th>" : "") << "<th>"
          << tr("decline", lang) << "</th>" << (not_used ? "<th>" + tr("not_used", lang) + "</th>" : "") << "</tr>\n";
        for (const auto& c : fig["completion"]) {
            // A share only of two shown counts.
            std::string pct;
            if (c["started"].is_number() && c["finished"].is_number() && c["started"].get<std::int64_t>() > 0)
                pct = " (" + fmt_num(100.0 * c["finished"].get<double>() / c["started"].get<double>(), lang, 0) + " %)";
            h << "<tr><td>" << html_escape(title_of(c["questionnaire"])) << "</td><td>" << html_escape(language_name(c["language"].get<std::string>(), lang))
              << "</td><td class=\"n\">" << cell_text(c, "started", lang, min_cell) << "</td><td class=\"n\">"
              << cell_text(c, "finished", lang, min_cell) << pct << "</td><td class=\"n\">" << cell_text(c, "stop", lang, min_cell)
              << "</td><td class=\"n\">" << cell_text(c, "idle", lang, min_cell) << "</td>"
              << (other ? "<td class=\"n\">" + cell_text(c, "other", lang, min_cell) + "</td>" : "") << "<td class=\"n\">"
              << cell_text(c, "decline", lang, min_cell) << "</td>"
              << (not_used ? "<td class=\"n\">" + cell_text(c, "not_used", lang, min_cell) + "</td>" : "") << "</tr>\n";
        }
        h << "</table>\n";
        if (other) h << "<p class=\"note\">" << tr("other_reason_note", lang) << "</p>\n";
        if (!fig["not_used_instead"].empty()) {
            h << "<h3>" << tr("not_used_instead", lang) << "</h3>\n";
            rows.clear();
            for (const auto& u : fig["not_used_instead"])
                rows.push_back({title_of(u["questionnaire"].get<std::string>()) + ": " +
                                    (u["instead"].get<std::string>().empty() ? tr("unknown", lang) : tr("code." + u["instead"].get<std::string>(), lang)),
                                cell(u, "n", lang, min_cell)});
            h << bar_chart(rows, lang);
        }
        // Where people stop, per questionnaire (all languages together; the table splits them).
        for (const auto& e : fig["completion_steps"]) {
            if (e["stopped_at"].empty()) continue;
            h << "<h3>" << tr("stopped_at", lang) << ": " << html_escape(title_of(e["questionnaire"])) << "</h3>\n";
            rows.clear();
            for (const auto& st : e["stopped_at"])
                rows.push_back({tr("step", lang) + " " + std::to_string(st["step"].get<std::int64_t>()) + " / " +
                                    std::to_string(e["steps"].get<std::int64_t>()),
                                cell(st, "n", lang, min_cell)});
            h << bar_chart(rows, lang);
        }
    }
    h << "</section>\n";

    // Scores.
    h << "<section id=\"scores\"><h2>" << tr("scores", lang) << "</h2>\n<p class=\"note\">" << tr("scores_note", lang) << "</p>\n";
    std::string cur;
    rows.clear();
    auto flush_scores = [&] {
        if (!cur.empty()) h << "<h3>" << html_escape(title_of(cur)) << "</h3>\n" << box_chart(rows, lang, 0, 10, min_cell);
        rows.clear();
    };
    for (const auto& s : fig["scores"]) {
        if (s["questionnaire"] != cur) {
            flush_scores();
            cur = s["questionnaire"].get<std::string>();
        }
        rows.push_back({dom_label(s["domain"].get<std::string>(), lang), s["dist"]});
    }
    flush_scores();
    if (fig["scores"].empty()) h << "<p class=\"note\">" << tr("no_data", lang) << "</p>\n";
    h << "</section>\n";

    // Effect over time.
    h << "<section id=\"effect\"><h2>" << tr("effect", lang) << "</h2>\n<p class=\"note\">" << tr("effect_note", lang) << "</p>\n";
    if (fig["effect"].empty()) h << "<p class=\"note\">" << tr("no_pairs", lang) << "</p>\n";
    // Where the pairs come from, per questionnaire, in plain words.
    auto fill = [](std::string t, const std::string& key, const std::string& v) {
        if (auto at = t.find(key); at != std::string::npos) t.replace(at, key.size(), v);
        return t;
    };
    if (!fig["effect_sources"].empty()) {
        h << "<ul class=\"sources\">\n";
        for (const auto& e : fig["effect_sources"]) {
            const std::string pw = " " + tr("pairs_word", lang);
            std::string line = fill(tr("sources_line", lang), "%s", html_escape(title_of(e["questionnaire"])));
            line = fill(line, "%c", cell_text(e, "case_reference", lang, min_cell) + pw);
            line = fill(line, "%b", cell_text(e, "brought_result", lang, min_cell) + pw);
            h << "<li>" << line;
            if (!e["not_comparable"].is_number() || e["not_comparable"].get<std::int64_t>() > 0)
                h << " " << fill(tr("not_comparable_line", lang), "%n", cell_text(e, "not_comparable", lang, min_cell));
            h << "</li>\n";
        }
        h << "</ul>\n<p class=\"note\">" << tr("forms_note", lang) << "</p>\n";
    }
    for (const auto& e : fig["effect"]) {
        h << "<h3>" << html_escape(title_of(e["questionnaire"])) << " · " << tr("source." + e["source"].get<std::string>(), lang)
          << "</h3>\n<p class=\"note\"><strong>" << tr(e["purpose"], lang) << "</strong>. " << tr("effect_chart_note", lang)
          << "</p>\n";
        if (e["rounded"] == true) h << "<p class=\"warn\">" << tr("rounded_note", lang) << "</p>\n";
        std::int64_t fewest = -1;
        for (const auto& d : e["domains"])
            if (!d["pairs"].is_number()) fewest = 0;
            else if (fewest < 0 || d["pairs"].get<std::int64_t>() < fewest) fewest = d["pairs"].get<std::int64_t>();
        if (fewest < 10) h << "<p class=\"warn\">" << tr("few_pairs", lang) << "</p>\n";
        h << dumbbell_chart(e["domains"], lang);
        rows.clear();
        for (const auto& d : e["domains"]) rows.push_back({dom_label(d["domain"].get<std::string>(), lang) + " (" + tr("change", lang) + ")", d["change"]});
        h << box_chart(rows, lang, -10, 10, min_cell);
    }
    h << "</section>\n";

    // Intake.
    h << "<section id=\"intake\"><h2>" << tr("intake", lang) << "</h2>\n<p>n = " << cell_text(fig["intake"], "n", lang, min_cell)
      << "</p><p class=\"note\">" << tr("intake_note", lang) << "</p>\n";
    for (const char* k : {"themes", "urgency", "contact"}) {
        h << "<h3>" << tr(k, lang) << "</h3>\n";
        rows.clear();
        for (const auto& c : fig["intake"][k]) rows.push_back({tr("code." + c["code"].get<std::string>(), lang), cell(c, "n", lang, min_cell)});
        h << bar_chart(rows, lang);
    }
    h << "</section>\n";

    // Per site / neighbourhood.
    h << "<section id=\"neighbourhood\"><h2>" << tr("neighbourhood", lang) << "</h2>\n";
    if (!fig["neighbourhood"]["asked"].get<bool>()) h << "<p class=\"note\">" << tr("no_neighbourhood", lang) << "</p>\n";
    else {
        rows.clear();
        for (const auto& g : fig["neighbourhood"]["groups"])
            rows.push_back({g["code"].get<std::string>(), cell(g, "n", lang, min_cell)});
        h << bar_chart(rows, lang) << "<p class=\"note\">" << fmtd(tr("suppressed_note", lang), min_cell) << "</p>\n";
    }
    h << "</section>\n";

    // How people filled in.
    const json& how = fig["how"];
    h << "<section id=\"how\"><h2>" << tr("how", lang) << "</h2>\n<p class=\"note\">" << tr("how_note", lang) << "</p>\n";
    rows = {{tr("easy", lang), cell(how, "easy", lang, min_cell)}, {tr("read_aloud", lang), cell(how, "read_aloud", lang, min_cell)},
            {tr("assisted", lang), cell(how, "assisted", lang, min_cell)}, {tr("alone", lang), cell(how, "alone", lang, min_cell)}};
    for (const auto& t : how["text_size"])
        rows.push_back({tr("text_size", lang) + " " + (t["code"].get<std::string>().empty() ? tr("unknown", lang) : t["code"].get<std::string>() + " %"),
                        cell(t, "n", lang, min_cell)});
    for (const auto& l : how["language"]) rows.push_back({tr("language", lang) + ": " + language_name(l["code"].get<std::string>(), lang), cell(l, "n", lang, min_cell)});
    h << "<p>n = " << cell_text(how, "n", lang, min_cell) << "</p>\n" << bar_chart(rows, lang) << "</section>\n";

    // Satisfaction.
    h << "<section id=\"satisfaction\"><h2>" << tr("satisfaction", lang) << "</h2>\n<p class=\"note\">"
      << tr("satisfaction_note", lang) << "</p>\n";
    if (fig["satisfaction"].empty()) h << "<p class=\"note\">" << tr("no_data", lang) << "</p>\n";
    std::string cur_link;
    rows.clear();
    std::string cur_text;
    auto flush_sat = [&] {
        if (!cur_link.empty()) h << "<h4>" << html_escape(cur_text) << "</h4>\n" << box_chart(rows, lang, 0, 10, min_cell);
        rows.clear();
    };
    std::string cur_sat_q;
    for (const auto& s : fig["satisfaction"]) {
        const std::string key = s["questionnaire"].get<std::string>() + "/" + s["link"].get<std::string>();
        if (key != cur_link) {
            flush_sat();
            if (s["questionnaire"] != cur_sat_q) {
                cur_sat_q = s["questionnaire"].get<std::string>();
                h << "<h3>" << html_escape(title_of(cur_sat_q)) << "</h3>\n";
            }
            cur_link = key;
            cur_text = s["text"].get<std::string>();
        }
        rows.push_back({s["quarter"].get<std::string>(), s["dist"]});
    }
    flush_sat();
    h << "</section>\n";

    // Work list last: it is the part that names cases.
    const json& wl = fig["worklist"];
    h << "<section id=\"worklist\"><h2>" << tr("worklist", lang) << "</h2>\n<p class=\"note\">"
      << fmtd(tr("worklist_note", lang), kWorklistOnPage) << "</p>\n<p>n = " << wl["n"].get<std::int64_t>() << "</p>\n";
    if (!wl["items"].empty()) {
        h << "<table><tr><th>" << tr("day", lang) << "</th><th>" << tr("questionnaire", lang) << "</th><th>" << tr("why", lang)
          << "</th><th>" << tr("contact", lang) << "</th><th>" << tr("urgency", lang) << "</th><th>" << tr("case", lang)
          << "</th><th>" << tr("talk_about", lang) << "</th><th>" << tr("envelope", lang) << "</th></tr>\n";
        for (const auto& w : wl["items"]) {
            h << "<tr><td>" << html_escape(w["day"]) << "</td><td>" << html_escape(title_of(w["questionnaire"])) << "</td><td>"
              << html_escape(why_words(w["why"].get<std::string>(), lang)) << "</td><td>"
              << html_escape(w["contact"].get<std::string>().empty() ? "" : tr("code." + w["contact"].get<std::string>(), lang))
              << "</td><td>"
              << html_escape(w["urgency"].get<std::string>().empty() ? "" : tr("code." + w["urgency"].get<std::string>(), lang))
              << "</td><td>" << html_escape(w["case_reference"]) << "</td><td>" << html_escape(w["talk_about"])
              << "</td><td><code>" << html_escape(w["envelope_uuid"].get<std::string>().substr(0, 8)) << "</code></td></tr>\n";
        }
        h << "</table>\n";
    }
    h << "</section>\n</body>\n</html>\n";
    return h.str();
}

}  // namespace kiosk::report
