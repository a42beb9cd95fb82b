#!/usr/bin/env bash
# Double-click (or run) to do this week's cycle: merge the inbox, refresh "Tổng hợp", then show a summary.
# Twin of chay-hang-tuan.cmd for Linux and macOS (on macOS, copy it as chay-hang-tuan.command to double-click).
# Extra arguments go to `sheetsync chay-tuan` (e.g. --workbook PATH). SHEETSYNC_PYTHON picks the interpreter;
# SHEETSYNC_KHONG_DUNG=1 skips the final "press Enter" (for cron and tests).
set -u
cd "$(dirname "$0")/.." || exit 2
export PYTHONIOENCODING=utf-8 PYTHONUTF8=1

rc=""
if [ -n "${SHEETSYNC_PYTHON:-}" ]; then
  run=("$SHEETSYNC_PYTHON" -m sheetsync)
elif [ -x .venv/bin/sheetsync ]; then
  run=(.venv/bin/sheetsync)
elif [ -x .venv/bin/python ]; then
  run=(.venv/bin/python -m sheetsync)
else
  echo "Không tìm thấy môi trường Python của sheetsync (thư mục .venv). Hãy cài đặt theo README rồi chạy lại."
  rc=2
fi

echo "=== sheetsync: vòng cập nhật hằng tuần ==="
if [ -z "$rc" ]; then
  "${run[@]}" chay-tuan "$@"
  rc=$?
fi

echo
echo "=== Kết quả ==="
case "$rc" in
  0) echo "Xong: sổ theo dõi đã được cập nhật và trang “Tổng hợp” đã làm mới; không có lỗi." ;;
  1) echo "Xong, nhưng có tệp hoặc dòng bị từ chối (hoặc sổ còn lỗi): xem thư mục loi/ trong hộp thư và các tệp .loi.txt." ;;
  3) echo "Chưa ghi gì: sổ đang mở trong Excel/LibreOffice hoặc đang được cập nhật. Đóng sổ rồi chạy lại." ;;
  *) echo "Không chạy được (mã $rc): xem thông báo ở trên; sổ theo dõi chưa bị thay đổi." ;;
esac
echo "Nhật ký các lần chạy: sheetsync.log trong thư mục của sổ theo dõi."

if [ -t 0 ] && [ -z "${SHEETSYNC_KHONG_DUNG:-}" ]; then
  read -r -p "Nhấn Enter để đóng cửa sổ..." _
fi
exit "$rc"
