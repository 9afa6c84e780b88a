import os, signal, subprocess, sys, threading
posix = os.name == "posix"
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, start_new_session=posix)
def send(sig):
    try:
        os.killpg(child.pid, sig) if posix else child.terminate()
    except OSError:
        pass
def stop(*_):
    send(signal.SIGTERM)
    try:
        child.wait(3)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL if posix else signal.SIGTERM)
        child.wait()
    os._exit(0)
def reap():
    code = child.wait()
    os._exit(code if code > 0 else 1)
for name in ("SIGTERM", "SIGHUP"):
    if hasattr(signal, name):
        signal.signal(getattr(signal, name), stop)
threading.Thread(target=reap, daemon=True).start()
while sys.stdin.buffer.read(4096):
    pass
stop()
