//! The API emulator (filled in by the sandbox work).
