/* Build-time probe for the iSCSI port: prints the layout of the libiscsi
 * structures the Rust side reads through raw pointers, as Rust constants.
 * Linked against -liscsi so a missing library fails here, not at link time
 * of the crate. */
#include <stddef.h>
#include <stdio.h>
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#define OFF(name, type, field) \
    printf("/// `offsetof(" #type ", " #field ")`.\npub const " name ": usize = %zu;\n", offsetof(type, field))
#define SIZE(name, type, field) \
    printf("/// `sizeof(((" #type " *)0)->" #field ")`.\npub const " name ": usize = %zu;\n", sizeof(((type *)0)->field))
#define VAL(name, expr) \
    printf("/// `" #expr "`.\npub const " name ": i32 = %d;\n", (int)(expr))

int main(void)
{
    /* Taking the address makes the link step prove the library is there. */
    volatile void *link_check = (void *)&iscsi_create_context;
    (void)link_check;

    OFF("TASK_STATUS", struct scsi_task, status);
    SIZE("TASK_STATUS_SIZE", struct scsi_task, status);
    OFF("TASK_SENSE_KEY", struct scsi_task, sense.key);
    SIZE("TASK_SENSE_KEY_SIZE", struct scsi_task, sense.key);
    OFF("TASK_SENSE_ASCQ", struct scsi_task, sense.ascq);
    SIZE("TASK_SENSE_ASCQ_SIZE", struct scsi_task, sense.ascq);
    OFF("TASK_DATAIN_SIZE", struct scsi_task, datain.size);
    SIZE("TASK_DATAIN_SIZE_SIZE", struct scsi_task, datain.size);
    OFF("TASK_DATAIN_DATA", struct scsi_task, datain.data);
    SIZE("TASK_DATAIN_DATA_SIZE", struct scsi_task, datain.data);
    OFF("URL_PORTAL", struct iscsi_url, portal);
    SIZE("URL_PORTAL_SIZE", struct iscsi_url, portal);
    OFF("URL_TARGET", struct iscsi_url, target);
    SIZE("URL_TARGET_SIZE", struct iscsi_url, target);
    OFF("URL_LUN", struct iscsi_url, lun);
    SIZE("URL_LUN_SIZE", struct iscsi_url, lun);
    SIZE("ISCSI_DATA_SIZE_SIZE", struct iscsi_data, size);
    OFF("ISCSI_DATA_DATA", struct iscsi_data, data);
    printf("/// `sizeof(struct iscsi_data)`.\npub const ISCSI_DATA_LEN: usize = %zu;\n", sizeof(struct iscsi_data));
    VAL("XFER_NONE", SCSI_XFER_NONE);
    VAL("XFER_READ", SCSI_XFER_READ);
    VAL("XFER_WRITE", SCSI_XFER_WRITE);
    VAL("SESSION_NORMAL", ISCSI_SESSION_NORMAL);
    VAL("HEADER_DIGEST_NONE", ISCSI_HEADER_DIGEST_NONE);
    VAL("STATUS_GOOD", SCSI_STATUS_GOOD);
    VAL("STATUS_CHECK_CONDITION", SCSI_STATUS_CHECK_CONDITION);
    VAL("STATUS_CANCELLED", SCSI_STATUS_CANCELLED);
    VAL("STATUS_ERROR", SCSI_STATUS_ERROR);
    VAL("STATUS_TIMEOUT", SCSI_STATUS_TIMEOUT);
    return 0;
}
