//! The Windows input/output structures of the IOCTLs, as zerocopy types.
//!
//! Layouts are x64 (identical on x86 unless a module says otherwise); every
//! structure has a compile-time size assertion, and the ABI test compares
//! sizes and offsets with mingw-w64's headers. Multi-byte fields that the
//! device sends big-endian (TOC lengths, MSF addresses) stay byte arrays.

pub mod audio;
pub mod config;
pub mod disk;
pub mod exclusive;
pub mod rawread;
pub mod speed;
pub mod storage;
pub mod toc;
