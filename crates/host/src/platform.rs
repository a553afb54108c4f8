//! The core's platform on the host: a mutex serialises the unit, events are
//! recorded in order so tests can see them.

use std::sync::{Mutex, MutexGuard, PoisonError};

use cdfilter_core::device::{Event, Platform, Unit};
use cdfilter_core::port::Port;

/// Mutex-serialised platform.
#[derive(Debug)]
pub struct HostPlatform<P> {
    unit: Mutex<Unit<P>>,
    events: Mutex<Vec<Event>>,
}

impl<P: Port> HostPlatform<P> {
    /// A platform over `port`.
    pub fn new(port: P) -> Self {
        Self {
            unit: Mutex::new(Unit::new(port)),
            events: Mutex::new(Vec::new()),
        }
    }

    /// Every event reported so far, oldest first.
    pub fn events(&self) -> Vec<Event> {
        lock(&self.events).clone()
    }

    /// Removes and returns the recorded events.
    pub fn take_events(&self) -> Vec<Event> {
        std::mem::take(&mut *lock(&self.events))
    }

    /// Direct access to the unit (tests, tools: inspect or reconfigure the
    /// port between requests).
    pub fn with_unit<R>(&self, f: impl FnOnce(&mut Unit<P>) -> R) -> R {
        f(&mut lock(&self.unit))
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not hide the state from the others.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<P: Port> Platform for HostPlatform<P> {
    type Port = P;

    fn serialize<R>(&self, f: impl FnOnce(&mut Unit<P>) -> R) -> R {
        f(&mut lock(&self.unit))
    }

    fn notify(&self, event: Event) {
        lock(&self.events).push(event);
    }
}
