//! GET CONFIGURATION: the IOCTL input parser (x64 and WOW64 layouts), the
//! answer view the IOCTL path uses, and the feature walk of the capability
//! probe. Any bytes, any received length; every feature descriptor must
//! lie inside the bytes received and the header's Data Length, and the
//! walk must end.
#![no_main]

use cdfilter_core::abi::config::{parse_input, CallerWidth};
use cdfilter_core::scsi::config::ConfigurationView;
use cdfilter_core::scsi::readcd::{cd_read_c2, feature, rt_streaming_write, Configuration};
use libfuzzer_sys::fuzz_target;

fn inside(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    i >= o && i + inner.len() <= o + outer.len()
}

fuzz_target!(|data: &[u8]| {
    for width in [CallerWidth::Bits64, CallerWidth::Bits32] {
        if let Some(input) = parse_input(data, width) {
            let _ = (input.feature.code(), input.request_type.is_defined());
        }
    }
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let received = usize::from(cut) * 4;
    let got = &rest[..received.min(rest.len())];
    if let Ok(v) = ConfigurationView::new_checked(got) {
        let claimed = usize::try_from(v.data_length()).unwrap_or(usize::MAX);
        let valid = &got[..claimed.saturating_add(4).min(got.len())];
        let _ = v.current_profile();
        let mut n = 0usize;
        for f in v.features() {
            assert!(inside(valid, f.data));
            assert_eq!(f.data.len(), usize::from(f.header.additional_length));
            let _ = (
                f.header.code(),
                f.header.current(),
                f.header.persistent(),
                f.header.version(),
            );
            n += 1;
        }
        assert!(n <= valid.len() / 4);
    }
    if let Some(c) = Configuration::new(rest, received) {
        let _ = (c.current_profile(), c.complete());
        for f in c.features() {
            assert!(inside(got, f.data));
            let _ = (f.current(), f.byte(usize::from(cut)));
        }
        if let Some(f) = c.find(feature::CD_READ) {
            let _ = cd_read_c2(&f);
        }
        if let Some(f) = c.find(feature::REAL_TIME_STREAMING) {
            let _ = rt_streaming_write(&f);
        }
    }
});
