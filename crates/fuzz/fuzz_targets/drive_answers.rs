//! A drive whose every answer comes from the input: data of any length and
//! content (so every answer view meets lying length fields), a transfer
//! count that may disagree with the data (under, over, past the buffer),
//! any SRB status, any SCSI status, any sense bytes. Device start (INQUIRY
//! caching, the capability probe's feature walk and page 0x2A) and then a
//! request sequence run over it, with any adapter transfer limit and
//! alignment mask (0 and 1 included). Every IOCTL is sent twice with two
//! poison patterns while the drive replays its answers, so a byte returned
//! without being written shows exactly. Nothing may panic, the verifier
//! must record no violation, and once every handle is closed nothing a
//! handle took may still be held.
//!
//! Input: `limit` (u8: 0 → 0 bytes, 1 → 1 byte, 2 → 2048, 3 → 65536, else
//! n × 512), `alignment` (u8: mask = (1 << (n % 4)) − 1), then requests and
//! answers interleaved in the order they are needed. One answer: `kind`
//! (u8), then per kind (low 3 bits):
//! - 0, 1 GOOD: `len` (u16) data bytes, the count is the bytes written
//! - 2 GOOD with a count of its own: `len`, data, `count` (u32)
//! - 3 DATA_OVERRUN: `len`, data, the count is the bytes written
//! - 4 CHECK CONDITION: `sense_len` (u8), sense bytes
//! - 5 any SRB status (u8) and SCSI status (u8), no data
//! - 6 GOOD, no data
//! - 7 ILLEGAL REQUEST / INVALID OPCODE
#![no_main]

use std::cell::RefCell;
use std::rc::Rc;

use cdfilter_fuzz::answers::{leak_checked_ioctl, AnswerPort};
use cdfilter_fuzz::{run_ops, Source};
use cdfilter_host::Stack;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = Rc::new(RefCell::new(Source::new(data)));
    let stack = Stack::new(AnswerPort::from_source(&src));
    // A drive that fails INQUIRY fails the device start (the model records
    // that as its only violation): PnP then never sends a request.
    let v = stack.violations();
    if !v.is_empty() {
        assert!(v.iter().all(|v| v.what == "device start"), "{v:?}");
        return;
    }
    // The fuzzer can learn the poison pattern from the verifier's
    // comparisons and hand it back as answer data: the one-pattern check
    // would call that stale. Every IOCTL is sent twice instead, the drive
    // replaying its answers, and the two outputs compared (exact).
    stack.set_single_pattern_check(false);
    let mut ioctl = |h, code, input: &[u8], out_len| {
        let _ = leak_checked_ioctl(&stack, h, code, input, out_len);
    };
    run_ops(&stack, &src, &mut ioctl, &mut |_, _| {});
});
