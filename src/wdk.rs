//! The one seam between the glue and the WDK.
//!
//! On Windows this is wdk-sys: the generated types and constants at its
//! root, the kernel routines of `wdk_sys::ntddk`. WDF functions are called
//! through the `wdf!` macro (wdk-sys' `call_unsafe_wdf_function_binding!`).
//!
//! Everywhere else it is the facade in `src/facade/`: the same names with
//! the same field names and function signatures (docs/WDK-ITEMS.md lists
//! every item and where its real shape was read), backed by an in-process
//! model of the framework that tests drive.

#[cfg(windows)]
pub use wdk_sys::ntddk::*;
#[cfg(windows)]
pub use wdk_sys::*;

#[cfg(not(windows))]
#[path = "facade/mod.rs"]
mod facade;
#[cfg(not(windows))]
pub use facade::*;
