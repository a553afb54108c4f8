//! A drive whose every answer comes from the input: data of any length and
//! content (so every answer view meets lying length fields), a transfer
//! count that may disagree with the data (under, over, past the buffer),
//! any SRB status, any SCSI status, any sense bytes. Device start (INQUIRY
//! caching, the capability probe's feature walk and page 0x2A) and then a
//! request sequence run over it, with any adapter transfer limit and
//! alignment mask (0 and 1 included). Nothing may panic, the verifier must
//! record no violation, and once every handle is closed nothing a handle
//! took may still be held.
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

use cdfilter_core::port::{
    scsi_status, Command, DataPhase, Port, PortResult, SrbStatus, SENSE_LEN,
};
use cdfilter_fuzz::{run_ops, Source};
use cdfilter_host::Stack;
use libfuzzer_sys::fuzz_target;

struct AnswerPort {
    src: Rc<RefCell<Source>>,
    limit: u32,
    mask: u32,
}

/// Copies `data` into a data-in buffer; the bytes written.
fn fill(cmd: &mut Command<'_>, data: &[u8]) -> usize {
    match &mut cmd.data {
        DataPhase::In(buf) => {
            let n = buf.len().min(data.len());
            buf[..n].copy_from_slice(&data[..n]);
            n
        }
        _ => 0,
    }
}

impl Port for AnswerPort {
    fn execute(&mut self, mut cmd: Command<'_>) -> PortResult {
        let mut s = self.src.borrow_mut();
        let kind = s.u8();
        match kind & 7 {
            0 | 1 | 2 | 3 => {
                let len = usize::from(s.u16());
                let data = s.bytes(len);
                let n = fill(&mut cmd, &data) as u32;
                match kind & 7 {
                    2 => PortResult::good(s.u32()),
                    3 => PortResult {
                        transferred: n,
                        ..PortResult::srb_error(SrbStatus::DATA_OVERRUN)
                    },
                    _ => PortResult::good(n),
                }
            }
            4 => {
                let n = usize::from(s.u8()) % (SENSE_LEN + 1);
                let bytes = s.bytes(n);
                let mut r = PortResult::srb_error(SrbStatus::ERROR);
                r.scsi_status = scsi_status::CHECK_CONDITION;
                r.sense[..bytes.len()].copy_from_slice(&bytes);
                r.sense_len = bytes.len() as u8;
                r
            }
            5 => {
                let mut r = PortResult::srb_error(SrbStatus(s.u8() & 0x3F));
                r.scsi_status = s.u8();
                r
            }
            6 => PortResult::good(0),
            _ => PortResult::check_condition(5, 0x20, 0),
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.limit
    }

    fn alignment_mask(&self) -> u32 {
        self.mask
    }
}

fuzz_target!(|data: &[u8]| {
    let src = Rc::new(RefCell::new(Source::new(data)));
    let (limit, mask) = {
        let mut s = src.borrow_mut();
        let limit = match s.u8() {
            0 => 0,
            1 => 1,
            2 => 2048,
            3 => 65536,
            n => u32::from(n) * 512,
        };
        (limit, (1u32 << (s.u8() % 4)) - 1)
    };
    let stack = Stack::new(AnswerPort {
        src: Rc::clone(&src),
        limit,
        mask,
    });
    // A drive that fails INQUIRY fails the device start (the model records
    // that as its only violation): PnP then never sends a request.
    let v = stack.violations();
    if !v.is_empty() {
        assert!(v.iter().all(|v| v.what == "device start"), "{v:?}");
        return;
    }
    run_ops(&stack, &src, &mut |_, _| {});
});
