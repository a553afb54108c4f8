//! Benchmarks of the driver's paths, reported side by side in one run.
//!
//! `cargo run --release -p cdfilter-bench` prints, as Markdown tables from
//! one run:
//! - instructions per request for every IOCTL family, the read and write
//!   paths, pass-down and refusal, counted by callgrind with collection on
//!   only inside the driver's entry point and off inside the simulated
//!   device, next to each request's completion status;
//! - heap allocations per request in the core, and separately through the
//!   host stack (KMDF model with its verifier);
//! - bytes the driver copied itself and device commands per request;
//! - the exclusive-lock check's cost by lock state;
//! - raw-read throughput for 64 KiB, 1 MiB and 8 MiB requests as a ratio to
//!   a bare memcpy of the same bytes;
//! - the driver's CPU cost at CD 52× and BD 12× rates;
//! - requests per second from 1, 2 and 4 threads on separate handles.
//!
//! `--quick` runs every path once without callgrind (the bench's own test
//! does the same under `cargo test`, so the bench cannot rot). Timing
//! figures are ratios or rates within one run; nothing asserts on time.
//!
//! Modules: [`ram`] (the RAM drive), [`platform`] (the bench platform),
//! [`counting`] (the counting allocator), [`cases`] (the paths), [`rig`]
//! (running a path on the core or the host stack), [`measure`] (the
//! measurements), [`report`] (one run and its tables).

pub mod cases;
pub mod counting;
pub mod measure;
pub mod platform;
pub mod ram;
pub mod report;
pub mod rig;

#[global_allocator]
static GLOBAL: counting::Counting = counting::Counting;

#[cfg(test)]
mod tests;
