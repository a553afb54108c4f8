//! cdfilter: a KMDF CD-ROM class upper filter driver.
//!
//! Every decision lives in [`cdfilter_core`]; this crate is the thin KMDF glue
//! that turns WDF callbacks and handles into calls on the core. It is compiled
//! only for Windows; on other hosts the crate is empty.
#![cfg_attr(windows, no_std)]
