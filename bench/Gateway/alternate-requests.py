# Alternates identical chat requests (max_tokens 1) between gateways on the given ports, one at a time; prints the failures to stderr.
import http.client, json, sys
model, n, ports = sys.argv[1], int(sys.argv[2]), [int(p) for p in sys.argv[3:]]
body = json.dumps({"model": model, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1, "temperature": 0})
conns = [http.client.HTTPConnection("127.0.0.1", p) for p in ports]
fail = 0
for i in range(n):
    for c in conns:
        c.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
        r = c.getresponse(); r.read()
        fail += r.status != 200
print(f"failures {fail}", file=sys.stderr)
