//! cdfilter: a KMDF CD-ROM class upper filter driver.
//!
//! Every decision lives in [`cdfilter_core`]; this crate is the thin KMDF
//! glue that turns WDF callbacks and handles into calls on the core:
//!
//! - [`driver`]: `DriverEntry`, `EvtDriverDeviceAdd`, start-up.
//! - `io`: the queue callbacks and the `Request` that
//!   completes exactly once.
//! - `file`: the file-object callbacks and the per-handle context.
//! - `platform`: the core's `Platform` (a WDF wait lock, PnP notifications).
//! - `port`: the core's `Port` (SRBs to the port driver, the caller's MDL
//!   for raw reads).
//! - [`srb`]: the SCSI request block layout.
//!
//! The glue talks to the WDK only through `crate::wdk` and the `wdf!` macro.
//! On Windows those are wdk-sys and its `call_unsafe_wdf_function_binding!`;
//! on every other host they are a facade (`src/facade/`) that declares the
//! same items with the same signatures and plays KMDF in-process, so the
//! glue's own logic compiles and runs in Linux tests (tests/glue_*.rs).
//! docs/WINDOWS.md says what that does and does not check.
#![no_std]
#![forbid(
    clippy::undocumented_unsafe_blocks,
    clippy::multiple_unsafe_ops_per_block
)]

extern crate alloc;
#[cfg(not(windows))]
extern crate std;

// The kernel's panic handler (bugcheck) and pool allocator.
#[cfg(all(windows, not(test)))]
extern crate wdk_panic;

#[cfg(all(windows, not(test)))]
#[global_allocator]
static GLOBAL_ALLOCATOR: wdk_alloc::WdkAllocator = wdk_alloc::WdkAllocator;

/// Calls a WDF function by name, like wdk-sys'
/// `call_unsafe_wdf_function_binding!` (which it is, on Windows).
#[cfg(windows)]
macro_rules! wdf {
    ($f:ident $(, $arg:expr)* $(,)?) => {
        ::wdk_sys::call_unsafe_wdf_function_binding!($f $(, $arg)*)
    };
}

/// Calls a WDF function by name: the facade's function of the same name
/// (the real macro prepends `WdfDriverGlobals`, which the facade omits).
#[cfg(not(windows))]
macro_rules! wdf {
    ($f:ident $(, $arg:expr)* $(,)?) => {
        $crate::wdk::$f($($arg),*)
    };
}

mod context;
pub mod driver;
mod file;
mod io;
mod platform;
mod port;
pub mod srb;

#[cfg(windows)]
mod wdk;
#[cfg(not(windows))]
pub mod wdk;

pub use driver::driver_entry;
