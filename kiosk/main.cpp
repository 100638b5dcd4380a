#include <iostream>
int main() { std::cout << "kiosk\n"; return 0; }
