#include "staff/pin_pad.hpp"

#include <sodium.h>

#include <algorithm>

namespace kiosk::staff {

namespace {
void wipe(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}
}  // namespace

bool PinPad::locked() const { return locked_until_ >= 0 && clock_.now_ms() < locked_until_; }

int PinPad::wait_seconds() const {
    if (!locked()) return 0;
    return static_cast<int>((locked_until_ - clock_.now_ms() + 999) / 1000);
}

void PinPad::digit(char d) {
    if (d < '0' || d > '9' || entry_.size() >= 12 || locked() || checking_) return;
    entry_.push_back(d);
    error_ = false;
}

void PinPad::clear() { wipe(entry_); }

void PinPad::open() {
    clear();
    error_ = false;
}

void PinPad::submit() {
    wipe(request_);
    request_ = std::move(entry_);
    entry_.clear();
    checking_ = true;
}

std::string PinPad::take_request() {
    std::string r = std::move(request_);
    request_.clear();
    return r;
}

PinVerdict PinPad::answer(bool good) {
    checking_ = false;
    PinVerdict v;
    v.good = good;
    if (good) {
        error_ = false;
        v.lockout_changed = wrong_ > 0 || locked_until_ >= 0;
        wrong_ = 0;
        locked_until_ = -1;
        return v;
    }
    error_ = true;
    if (++wrong_ >= 5) {
        v.locked_for_ms = std::min<Millis>(30'000LL << std::min(wrong_ - 5, 7), 3'600'000);  // 30 s, 60 s, ...
        locked_until_ = clock_.now_ms() + v.locked_for_ms;
    }
    v.wrong = wrong_;
    v.lockout_changed = true;
    return v;
}

void PinPad::cancel() {
    clear();
    wipe(request_);
    checking_ = false;
    error_ = false;
}

void PinPad::restore(int wrong, std::int64_t locked_until_wall) {
    wrong_ = std::max(0, wrong);
    locked_until_ = -1;
    if (locked_until_wall > clock_.wall_ms())
        locked_until_ = clock_.now_ms() + std::min<Millis>(locked_until_wall - clock_.wall_ms(), 3'600'000);
}

std::int64_t PinPad::locked_until_wall() const {
    return locked() ? locked_until_ - clock_.now_ms() + clock_.wall_ms() : 0;
}

}  // namespace kiosk::staff
