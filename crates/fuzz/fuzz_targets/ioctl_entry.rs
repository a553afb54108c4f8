//! The whole IOCTL entry point over the host stack and the simulated drive
//! with its built-in disc, behind the fault injector: sequences of opens,
//! IOCTLs (codes from the table or any u32) with any input bytes and output
//! length, reads, closes (cleanup releases what the handle held) and media
//! polls over several handles, mixed with seeded or scheduled drive and bus
//! faults and with medium changes (eject, insert, tray, eject button, play
//! clock). The first two bytes vary the drive (bit 0: no C2 pointers, 1: no
//! sub-channel, 2: no streaming, 3: under-runs reported as success, 4: a
//! block descriptor in MODE SENSE(10), 5: UNIT ATTENTION at power-on,
//! 6: CD-RW profile, 7: a 4 KiB transfer limit and a 4-byte alignment mask;
//! then the INQUIRY length, 36 + n % 61). Nothing may panic, the verifier
//! must record no violation, and once every handle is closed nothing a
//! handle took may still be held.
#![no_main]

use std::cell::RefCell;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_fuzz::{run_ops, Source};
use cdfilter_host::disc::Disc;
use cdfilter_host::fault::{Fault, FaultInjector, Plan, Rule, When};
use cdfilter_host::sim::{Profile, SimConfig, SimDrive};
use cdfilter_host::Stack;
use libfuzzer_sys::fuzz_target;

fn all_faults() -> Vec<Fault> {
    Fault::SENSE_CLASSES
        .iter()
        .chain(Fault::TRANSPORT)
        .map(|&(_, f)| f)
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let src = RefCell::new(Source::new(data));
    let config = {
        let mut s = src.borrow_mut();
        let (bits, inquiry) = (s.u8(), s.u8());
        let small = bits & 0x80 != 0;
        SimConfig {
            c2_pointers: bits & 0x01 == 0,
            subchannel: bits & 0x02 == 0,
            streaming: bits & 0x04 == 0,
            underrun_as_overrun: bits & 0x08 == 0,
            mode_sense10_block_descriptor: bits & 0x10 != 0,
            power_on_unit_attention: bits & 0x20 != 0,
            profile: if bits & 0x40 != 0 {
                Profile::CdRw
            } else {
                Profile::CdRom
            },
            max_transfer: if small { 4096 } else { 64 * 1024 },
            alignment_mask: if small { 3 } else { 0 },
            inquiry_length: 36 + (inquiry & 0x7F) % 61,
            refuses_type_one_config: inquiry & 0x80 != 0,
            ..SimConfig::default()
        }
    };
    let stack = Stack::new(FaultInjector::new(
        SimDrive::new(config, Some(Disc::builtin())),
        Plan::Schedule(vec![]),
    ));
    // A drive configured to fail INQUIRY fails the start: nothing else.
    if !stack.violations().is_empty() {
        return;
    }
    let faults = all_faults();
    let mut extra = |op: u8, src: &RefCell<Source>| {
        let mut s = src.borrow_mut();
        match op {
            6 => {
                let seed = u64::from(s.u32());
                let per_mille = u32::from(s.u8()) * 4;
                stack.with_port(|p| {
                    p.set_plan(Plan::Seeded {
                        seed,
                        per_mille: per_mille.min(1000),
                        faults: faults.clone(),
                    });
                });
            }
            7 => stack.with_port(FaultInjector::clear),
            8 => {
                let ahead = u64::from(s.u8() % 8);
                let fault = faults[usize::from(s.u8()) % faults.len()];
                let times = Some(u32::from(s.u8() % 8));
                stack.with_port(|p| {
                    let when = When::Nth(p.commands() + ahead);
                    p.set_plan(Plan::Schedule(vec![Rule { when, fault, times }]));
                });
            }
            9 => {
                stack.with_port(|p| {
                    p.inner_mut().eject();
                });
            }
            10 => stack.with_port(|p| p.inner_mut().insert(Disc::builtin())),
            11 => stack.with_port(|p| p.inner_mut().open_tray()),
            12 => stack.with_port(|p| p.inner_mut().close_tray()),
            13 => stack.with_port(|p| p.inner_mut().press_eject_button()),
            14 => {
                let frames = u32::from(s.u16());
                stack.with_port(|p| p.inner_mut().advance_frames(frames));
            }
            _ => {
                // A raw read with a well-formed RAW_READ_INFO, so the deep
                // paths (capability gate, splitting) are reached often.
                let sector = i64::from(s.u16());
                let count = u32::from(s.u8() & 0x3F);
                let mode = u32::from(s.u8() % 8);
                let out = cdfilter_fuzz::output_length(s.u16());
                drop(s);
                let mut input = (sector * 2048).to_le_bytes().to_vec();
                input.extend_from_slice(&count.to_le_bytes());
                input.extend_from_slice(&mode.to_le_bytes());
                let h = stack.open(cdfilter_host::model::Granted::READ);
                let _ = stack.ioctl(h, Ioctl::CdromRawRead.code(), &input, out);
                stack.close_handle(h);
            }
        }
    };
    let mut ioctl = |h, code, input: &[u8], out_len| {
        let _ = stack.ioctl(h, code, input, out_len);
    };
    run_ops(&stack, &src, &mut ioctl, &mut extra);
});
