// The interview state machine: steps a resident through one questionnaire
// (next/back, answer, skip "I'd rather not say"), re-evaluates enableWhen on
// every change, keeps answers across a language switch, pauses to and resumes
// from a snapshot, and writes the FHIR QuestionnaireResponse. No UI here: a
// screen shows current() and turns taps into calls on this class.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "questionnaire/model.hpp"
#include "questionnaire/scoring.hpp"

namespace kiosk::questionnaire {

struct Progress {
    int answered = 0;       // enabled questions with an answer or a skip
    int skipped = 0;        // of those, how many were skipped
    int total_enabled = 0;  // enabled questions (display steps not counted)
    int position = 0;       // 1-based index of the current step among enabled steps; steps+1 when finished
    int steps = 0;          // enabled steps (questions and info screens)
    int computed = 0;       // enabled calculated items (never asked; computed from the answers)
    int hidden = 0;         // enabled hidden items that are not calculated (never asked, never answered)
};

// An expression that failed while running (it is treated as giving no value).
struct ExpressionProblem {
    std::string link_id;  // "" = a questionnaire-level variable
    std::string message;
};

enum class ResponseStatus { Completed, InProgress, Stopped };
const char* response_status_code(ResponseStatus s);  // "completed", "in-progress", "stopped"

class Interview {
public:
    // The questionnaire is copied; lang must be one it supports (else its base language is used).
    Interview(Questionnaire questionnaire, const Clock& clock, const std::string& lang = "");

    const Questionnaire& questionnaire() const { return *q_; }

    // ---- where we are ----
    // The current step: a question or a display ("info") item; nullptr when finished.
    const Item* current() const;
    // Groups around the current step, outermost first (for headings).
    std::vector<const Item*> current_groups() const;
    bool is_finished() const;
    Progress progress() const;

    // ---- answering the current step (all refuse on an info step or when finished) ----
    // Sets the answer (replacing any earlier one). Checks type, bounds, options, maxLength.
    Status answer(const Value& v);
    // Several selections (a choice item with repeats); an empty list clears.
    Status answer_all(const std::vector<Value>& values);
    // For a repeating choice: select v when not selected, otherwise unselect it.
    Status toggle(const Value& v);
    // Removes the answer or skip of the current step.
    Status clear();
    // "I'd rather not say": records a skip (not an answer) and moves to the next step.
    Status skip();

    // ---- moving ----
    // Next is allowed on an info step, or when the question is answered, skipped, or not required.
    bool can_go_next() const;
    Status next();
    bool can_go_back() const;
    Status back();  // from the finished state, back returns to the last step
    // Moves to the first step (e.g. "check your answers"), keeping answers.
    void restart();

    // ---- state of any item ----
    bool is_enabled(const std::string& link_id) const;
    bool is_skipped(const std::string& link_id) const;
    // Answers of an item (empty when none, when skipped, or when the item is disabled).
    const std::vector<Value>& answers(const std::string& link_id) const;
    bool is_selected(const std::string& link_id, const Value& v) const;
    // answerOptionsToggleExpression: whether option n (an index into item.options) is offered now,
    // and the indices of those offered, in order. Items without toggles offer every option.
    bool is_option_offered(const std::string& link_id, std::size_t n) const;
    std::vector<std::size_t> offered_options(const Item& item) const;
    // Enabled required questions with neither answer nor skip.
    std::vector<std::string> missing_required() const;
    // A calculated item (calculatedExpression): never a step; its value follows the answers.
    bool is_computed(const std::string& link_id) const;
    // Hidden (questionnaire-hidden, or under a hidden group): never a step.
    bool is_hidden(const std::string& link_id) const;
    // Expressions that failed in the last evaluation (each gave no value).
    const std::vector<ExpressionProblem>& expression_problems() const { return expression_problems_; }

    // ---- consent and topics switched off ----
    // Items never asked in this interview (staff switched the topic off for
    // this resident beforehand): disabled like a false enableWhen.
    void set_excluded(std::set<std::string> link_ids);
    const std::set<std::string>& excluded() const { return excluded_; }
    // A consent question (`consent-for`) was reached and not answered "yes":
    // what it governs is not asked and not in the response.
    bool consent_declined() const;

    // ---- language ----
    const std::string& language() const { return lang_; }
    Status set_language(const std::string& lang);  // answers are kept
    // Convenience: a Translatable in the current language.
    const std::string& tr(const Translatable& t) const { return t.get(lang_); }

    // ---- time ----
    Millis elapsed_ms() const;  // time spent in this interview (paused time not counted)

    // ---- pause/resume ----
    // JSON text holding the answers: a secret, to be encrypted by the caller before it touches disk.
    std::string snapshot() const;
    // Restores a snapshot made from the same questionnaire id and version.
    static Result<Interview> restore(Questionnaire questionnaire, const Clock& clock, const std::string& snapshot);

    // ---- output ----
    // FHIR R4 QuestionnaireResponse JSON (authored = clock wall time now).
    std::string response_json(ResponseStatus status) const;
    Scores scores() const;

private:
    struct State {
        std::vector<Value> values;
        bool skipped = false;
    };
    struct Compiled;  // the item's expressions, compiled (interview.cpp)
    std::shared_ptr<const Questionnaire> q_;
    std::shared_ptr<const Compiled> compiled_;     // null when the questionnaire has no expressions
    std::map<std::string, bool> hidden_;           // linkId -> hidden (itself or an enclosing item)
    std::map<std::string, bool> initial_done_;     // initialExpression evaluated for this item
    std::vector<ExpressionProblem> expression_problems_;
    const Clock* clock_;
    std::string lang_;
    std::vector<const Item*> steps_;               // every step item, document order
    std::vector<const Item*> order_;               // every item, document order
    std::map<const Item*, const Item*> parent_;    // item -> enclosing group (absent at top level)
    std::map<std::string, const Item*> by_id_;
    std::map<std::string, State> state_;           // answers and skips of enabled items
    std::map<std::string, bool> enabled_;
    std::map<std::string, std::string> consent_of_; // governed linkId -> its consent question
    std::set<std::string> excluded_;               // switched off by staff
    std::map<std::string, std::set<std::size_t>> options_off_;  // linkId -> options a toggle expression switched off
    std::size_t pos_ = 0;                          // index into steps_; steps_.size() = finished
    Millis started_ms_ = 0;                        // clock now_ms() at start, shifted on resume

    void index(const std::vector<Item>& items, const Item* parent, bool hidden);
    void reevaluate();
    friend struct Pass;  // one round of expression evaluation (interview.cpp)
    bool condition(const EnableWhen& e) const;
    bool allowed(const Item& item) const;
    bool step_enabled(std::size_t i) const;
    void settle_forward();
    Status check_value(const Item& item, const Value& v) const;
    bool option_value_offered(const Item& item, const Value& v) const;
    Status set_values(std::vector<Value> values);
    const Item* answerable_current(Status& why) const;
};

// A valid answer for an item as `kioskctl fill --auto` gives it: the first
// option, the lowest allowed number (in the first unit), today's date, noon,
// now, a short text, "yes".
Value auto_answer(const Item& item, const Clock& clock);
// The same, but only among the options offered now (answerOptionsToggleExpression).
Value auto_answer(const Interview& iv, const Item& item, const Clock& clock);

}  // namespace kiosk::questionnaire
