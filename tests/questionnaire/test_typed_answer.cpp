// What a resident types on the keyboard screen becomes an answer value, or
// a refusal the screen shows: never a guess. "3.7" on a whole-number
// question is refused (it used to become 3), and "nan", "inf" and other
// things a USB keyboard can type are not numbers (they used to reach an
// undefined cast).
#include <catch2/catch.hpp>

#include "questionnaire/typed_answer.hpp"

using namespace kiosk;
using namespace kiosk::questionnaire;

namespace {
Item item_of(ItemType type) {
    Item it;
    it.link_id = "x";
    it.type = type;
    return it;
}
std::string refusal(const Item& item, const std::string& text) {
    auto r = typed_value(item, text, 0, 0);
    return r ? "" : r.error().message;
}
}  // namespace

TEST_CASE("a whole-number question takes whole numbers and refuses a decimal instead of cutting it off", "[typed]") {
    const Item age = item_of(ItemType::Integer);
    auto v = typed_value(age, "37", 0, 0);
    REQUIRE(v);
    CHECK(std::get<std::int64_t>(*v) == 37);
    CHECK(std::get<std::int64_t>(*typed_value(age, "-4 ", 0, 0)) == -4);
    CHECK(std::get<std::int64_t>(*typed_value(age, "+4\n", 0, 0)) == 4);
    for (const char* text : {"3.7", "3,7", "3.0", "1.000", "3,"}) {
        INFO(text);
        CHECK(refusal(age, text) == kTypedWholeNumber);
    }
    // Too large for the answer: refused, not wrapped or clamped.
    CHECK(refusal(age, "99999999999999999999") == kTypedBadNumber);
}

TEST_CASE("nan, inf and other things a keyboard can type are not numbers", "[typed]") {
    for (ItemType type : {ItemType::Integer, ItemType::Decimal, ItemType::Quantity}) {
        const Item it = item_of(type);
        for (const char* text : {"nan", "NaN", "inf", "-inf", "infinity", "1e3", "0x10", "12abc", "1,2,3", "1.2.3", "-",
                                 "+", ",", "- 3", "3 4", "1e400"}) {
            INFO(static_cast<int>(type) << " " << text);
            std::string why = refusal(it, text);
            CHECK((why == kTypedBadNumber || why == kTypedWholeNumber));
        }
    }
    // A number so long it is not finite as a double is refused too.
    CHECK(refusal(item_of(ItemType::Decimal), std::string(400, '9')) == kTypedBadNumber);
}

TEST_CASE("a decimal takes a Dutch comma or a point, and an amount is in the unit chosen on screen", "[typed]") {
    const Item d = item_of(ItemType::Decimal);
    CHECK(std::get<double>(*typed_value(d, "72,5", 0, 0)) == 72.5);
    CHECK(std::get<double>(*typed_value(d, "72.5", 0, 0)) == 72.5);
    CHECK(std::get<double>(*typed_value(d, ",5", 0, 0)) == 0.5);
    CHECK(std::get<double>(*typed_value(d, "-3", 0, 0)) == -3);
    Item weight = item_of(ItemType::Quantity);
    weight.units = {Coding{"http://unitsofmeasure.org", "kg", {}}, Coding{"http://unitsofmeasure.org", "[lb_av]", {}}};
    weight.units[0].display.base = "kg";
    auto q = typed_value(weight, "160", 1, 0);
    REQUIRE(q);
    CHECK(std::get<Quantity>(*q).value == 160);
    CHECK(std::get<Quantity>(*q).code == "[lb_av]");
    CHECK(std::get<Quantity>(*q).unit == "[lb_av]");  // no display: the code is shown
    CHECK(std::get<Quantity>(*typed_value(weight, "72,5", 0, 0)).unit == "kg");
}

TEST_CASE("dates and times are read as people type them, and anything else is refused", "[typed]") {
    CHECK(std::get<Date>(*typed_value(item_of(ItemType::Date), "29-11-2026", 0, 0)).iso == "2026-11-29");
    CHECK(std::get<Date>(*typed_value(item_of(ItemType::Date), "2026-11-29", 0, 0)).iso == "2026-11-29");
    CHECK(refusal(item_of(ItemType::Date), "31-02-2026") == kTypedBadDate);  // no such day
    CHECK(refusal(item_of(ItemType::Date), "29-02-2026") == kTypedBadDate);
    CHECK(std::get<Date>(*typed_value(item_of(ItemType::Date), "29-02-2028", 0, 0)).iso == "2028-02-29");
    CHECK(refusal(item_of(ItemType::Date), "gisteren") == kTypedBadDate);
    CHECK(std::get<Time>(*typed_value(item_of(ItemType::Time), "2230", 0, 0)).iso == "22:30:00");
    CHECK(std::get<Time>(*typed_value(item_of(ItemType::Time), "7.05", 0, 0)).iso == "07:05:00");
    CHECK(refusal(item_of(ItemType::Time), "25:00") == kTypedBadTime);  // a time's refusal asks for a time, not a date
    auto dt = typed_value(item_of(ItemType::DateTime), "29-11-2026 14.30", 0, 1'764'400'000'000);
    REQUIRE(dt);
    CHECK(std::get<DateTime>(*dt).iso.rfind("2026-11-29T14:30:00", 0) == 0);
    CHECK(refusal(item_of(ItemType::DateTime), "29-11-2026") == kTypedBadDateTime);
    // The sentence the keyboard screen shows before anything is typed is the same one.
    CHECK(std::string(typed_format_key(item_of(ItemType::Time))) == kTypedBadTime);
    CHECK(typed_format_key(item_of(ItemType::Integer)) == nullptr);
}

TEST_CASE("text is taken as typed, without the trailing spaces, and nothing typed is refused", "[typed]") {
    CHECK(std::get<std::string>(*typed_value(item_of(ItemType::String), "  hallo \n", 0, 0)) == "  hallo");
    CHECK(refusal(item_of(ItemType::String), " \n ") == kTypedEmpty);
    CHECK(refusal(item_of(ItemType::Integer), "") == kTypedEmpty);
}
