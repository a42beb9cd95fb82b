@echo off
rem Double-click to do this week's cycle: merge the inbox, refresh "Tong hop", then show a summary.
rem Twin of chay-hang-tuan.sh. Extra arguments go to `sheetsync chay-tuan` (e.g. --workbook PATH).
rem SHEETSYNC_KHONG_DUNG=1 skips the final pause (for Task Scheduler). Saved as UTF-8 without BOM, CRLF.
rem chcp 65001: the console shows and cmd.exe reads the Vietnamese lines below as UTF-8.
chcp 65001 >nul
setlocal
set "PYTHONUTF8=1"
set "PYTHONIOENCODING=utf-8"
cd /d "%~dp0.."

set "RUN="
if exist ".venv\Scripts\sheetsync.exe" set "RUN=.venv\Scripts\sheetsync.exe"
if not defined RUN if exist ".venv\Scripts\python.exe" set "RUN=.venv\Scripts\python.exe -m sheetsync"
if not defined RUN goto no_python

echo === sheetsync: vòng cập nhật hằng tuần ===
%RUN% chay-tuan %*
set "RC=%ERRORLEVEL%"
goto summary

:no_python
echo Không tìm thấy môi trường Python của sheetsync - thư mục .venv. Hãy cài đặt theo README rồi chạy lại.
set "RC=2"

:summary
echo.
echo === Kết quả ===
if "%RC%"=="0" echo Xong: sổ theo dõi đã được cập nhật và trang “Tổng hợp” đã làm mới; không có lỗi.
if "%RC%"=="1" echo Xong, nhưng có tệp hoặc dòng bị từ chối hoặc sổ còn lỗi: xem thư mục loi trong hộp thư và các tệp .loi.txt.
if "%RC%"=="2" echo Không chạy được: xem thông báo ở trên; sổ theo dõi chưa bị thay đổi.
if "%RC%"=="3" echo Chưa ghi gì: sổ đang mở trong Excel hoặc đang được cập nhật. Đóng sổ rồi chạy lại.
echo Nhật ký các lần chạy: sheetsync.log trong thư mục của sổ theo dõi.
if not defined SHEETSYNC_KHONG_DUNG (
  echo Nhấn phím bất kỳ để đóng cửa sổ...
  pause >nul
)
exit /b %RC%
