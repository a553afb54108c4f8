//! Device start and the capacity IOCTLs over a drive whose answers come
//! from the input (the `drive_answers` encoding): INQUIRY and the second
//! INQUIRY it may ask for (cached for GET_INQUIRY_DATA), the capability
//! probe, then READ CAPACITY behind every geometry IOCTL, GET_INQUIRY_DATA
//! with every output size around the cache, GET_MEDIA_TYPES_EX, and a raw
//! read around the end of the disc the capacity describes. Each IOCTL is
//! leak-checked with the drive replaying its answers; nothing may panic
//! or overflow, and the verifier must stay clean.
#![no_main]

use std::cell::RefCell;
use std::rc::Rc;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_fuzz::answers::{leak_checked_ioctl, AnswerPort};
use cdfilter_fuzz::{check_released, Source};
use cdfilter_host::model::Granted;
use cdfilter_host::Stack;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = Rc::new(RefCell::new(Source::new(data)));
    let stack = Stack::new(AnswerPort::from_source(&src));
    let v = stack.violations();
    if !v.is_empty() {
        assert!(v.iter().all(|v| v.what == "device start"), "{v:?}");
        return;
    }
    stack.set_single_pattern_check(false);
    let h = stack.open(Granted::READ_WRITE);
    let cached = stack.device().shared.inquiry().len();
    for out_len in [1, cached.saturating_sub(1), cached, cached + 1, 260] {
        let code = Ioctl::CdromGetInquiryData.code();
        let _ = leak_checked_ioctl(&stack, h, code, &[], out_len);
    }
    for (id, out_len) in [
        (Ioctl::CdromGetDriveGeometry, 24),
        (Ioctl::CdromGetDriveGeometryEx, 32),
        (Ioctl::DiskGetLengthInfo, 8),
        (Ioctl::StorageReadCapacity, 32),
        (Ioctl::StorageGetMediaTypesEx, 72),
    ] {
        let _ = leak_checked_ioctl(&stack, h, id.code(), &[], out_len);
    }
    // A raw read of the last sectors the cached capacity allows, and one
    // past them.
    let sectors = stack.with_port(|p| p.src.borrow_mut().u8() % 4 + 1);
    let last = stack
        .device()
        .platform
        .with_unit(|u| u.state.capacity.map(|c| c.last_lba));
    if let Some(last) = last {
        for start in [
            u64::from(last).saturating_sub(u64::from(sectors)),
            u64::from(last),
        ] {
            let offset = i64::try_from(start * 2048).unwrap_or(i64::MAX);
            let mut input = offset.to_le_bytes().to_vec();
            input.extend_from_slice(&u32::from(sectors).to_le_bytes());
            input.extend_from_slice(&2u32.to_le_bytes());
            let out = usize::from(sectors) * 2352;
            let _ = leak_checked_ioctl(&stack, h, Ioctl::CdromRawRead.code(), &input, out);
        }
    }
    stack.close_handle(h);
    check_released(&stack);
});
