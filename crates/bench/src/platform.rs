//! The platform the core is measured on: a mutex for the device's
//! serialisation (the KMDF glue's wait lock) and an event counter.
//!
//! Unlike the host stack's platform, which records every event in a `Vec`
//! for tests to read, this one only counts them, so nothing the platform
//! does allocates and every allocation the counting allocator sees during a
//! request is the core's (there are none: the core is `no_std` without
//! `alloc`, and the measurement confirms it).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use cdfilter_core::device::{Event, Platform, Unit};
use cdfilter_core::port::Port;

/// Mutex-serialised platform that counts events.
#[derive(Debug)]
pub struct BenchPlatform<P> {
    unit: Mutex<Unit<P>>,
    events: AtomicU64,
}

impl<P: Port> BenchPlatform<P> {
    /// A platform over `port`.
    pub fn new(port: P) -> Self {
        Self {
            unit: Mutex::new(Unit::new(port)),
            events: AtomicU64::new(0),
        }
    }

    /// Events reported so far.
    pub fn events(&self) -> u64 {
        self.events.load(Ordering::Relaxed)
    }

    /// Runs `f` on the unit (inspect the port between requests).
    pub fn with_unit<R>(&self, f: impl FnOnce(&mut Unit<P>) -> R) -> R {
        f(&mut self.unit.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<P: Port> Platform for BenchPlatform<P> {
    type Port = P;

    fn serialize<R>(&self, f: impl FnOnce(&mut Unit<P>) -> R) -> R {
        f(&mut self.unit.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn notify(&self, _event: Event) {
        self.events.fetch_add(1, Ordering::Relaxed);
    }
}
