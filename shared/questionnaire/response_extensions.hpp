// Our extensions on a QuestionnaireResponse (README "Our extensions": the
// staff setup, the talk wish and marks, the contact wish, the previous
// result, a paused interview's state) gathered as data first and written
// into the response in one pass, instead of parsing and dumping the JSON
// again for each kind. String values are the resident's: wiped on clear()
// and when the list dies.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk::questionnaire {

struct ResponseExtension {
    std::string url;   // ours: kOurExtensionBase + name; a part: its own name ("date")
    std::string type;  // valueString | valueBoolean | valueCode | valueDate | valueInteger; "" with parts
    std::string text;  // valueString / valueCode / valueDate
    bool boolean = false;
    std::int64_t integer = 0;
    std::vector<ResponseExtension> parts;  // a complex extension
};

class ResponseExtensions {
public:
    ResponseExtensions() = default;
    ResponseExtensions(const ResponseExtensions&) = delete;
    ResponseExtensions& operator=(const ResponseExtensions&) = delete;
    ~ResponseExtensions() { clear(); }

    // Ours, by name (the url is kOurExtensionBase + name).
    void add_string(const std::string& name, const std::string& v);
    void add_code(const std::string& name, const std::string& v);
    void add_bool(const std::string& name, bool v);
    // A complex extension of ours; parts are made with part_*.
    void add_parts(const std::string& name, std::vector<ResponseExtension> parts);
    static ResponseExtension part_code(const std::string& name, const std::string& v);
    static ResponseExtension part_date(const std::string& name, const std::string& v);
    static ResponseExtension part_string(const std::string& name, const std::string& v);
    static ResponseExtension part_integer(const std::string& name, std::int64_t v);

    bool empty() const { return list_.empty(); }
    const std::vector<ResponseExtension>& list() const { return list_; }
    // Appends them, in the order added, to the response's "extension"; the
    // old text is wiped. Nothing added: the response is left as it is.
    void write_into(std::string& response_json) const;
    void clear();

private:
    std::vector<ResponseExtension> list_;
};

}  // namespace kiosk::questionnaire
