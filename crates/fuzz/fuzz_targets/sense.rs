//! Sense data and SRB status interpretation: any bytes, any status.
#![no_main]

use cdfilter_core::port::{PortResult, SrbStatus, SENSE_LEN};
use cdfilter_core::sense::{self, Sense};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Sense::parse(data);
    let (head, sense_bytes) = data.split_at(data.len().min(4));
    let mut r = PortResult::good(0);
    r.srb_status = SrbStatus(head.first().copied().unwrap_or(0) & 0x3F);
    r.scsi_status = head.get(1).copied().unwrap_or(0);
    let n = sense_bytes.len().min(SENSE_LEN);
    r.sense[..n].copy_from_slice(&sense_bytes[..n]);
    r.sense_len = head.get(2).copied().unwrap_or(0);
    let op = head.get(3).copied().unwrap_or(0);
    let v = sense::interpret(op, &r, op & 1 == 1);
    // A verdict never asks for more than the class driver's longest delay.
    assert!(v.delay_100ns <= 100 * sense::SECOND);
});
