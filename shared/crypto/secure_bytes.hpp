// Byte buffers for secrets and plaintext answers: their memory is wiped with
// sodium_memzero whenever it is released (destruction, reallocation, clear
// followed by shrink), so a resident's answers and our keys do not linger in
// freed heap memory.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::crypto {

// Calls sodium_memzero (defined in crypto.cpp so this header does not pull in sodium.h).
void wipe(void* data, std::size_t size);
inline void wipe(std::string& s) {
    wipe(s.data(), s.size());
    s.clear();
}

// An allocator that wipes every block before giving it back.
template <typename T>
struct ZeroingAllocator {
    using value_type = T;
    ZeroingAllocator() noexcept = default;
    template <typename U>
    ZeroingAllocator(const ZeroingAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        wipe(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    template <typename U>
    bool operator==(const ZeroingAllocator<U>&) const noexcept { return true; }
};

// Secret or plaintext bytes. Use for keys, padded plaintext, opened envelopes.
using SecureBytes = std::vector<unsigned char, ZeroingAllocator<unsigned char>>;

// Public, non-secret bytes (public keys, ciphertext, envelopes).
using Bytes = std::vector<unsigned char>;

inline SecureBytes secure_from(std::string_view s) { return SecureBytes(s.begin(), s.end()); }
inline std::string_view as_view(const SecureBytes& b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace kiosk::crypto
