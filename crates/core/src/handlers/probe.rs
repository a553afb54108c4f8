//! Capability probing at start and after a medium change.

use crate::device::Ctx;
use crate::port::Port;

/// Probes MMC capabilities (C2, sub-channel, streaming, current profile)
/// into `ctx.state.caps`. Not implemented yet: leaves the capabilities
/// unknown (every optional raw mode is refused).
pub fn probe_capabilities<P: Port>(ctx: &mut Ctx<'_, P>) {
    ctx.state.caps.stale = false;
}
