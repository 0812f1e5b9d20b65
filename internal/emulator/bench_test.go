package emulator_test

// Micro-benchmarks of the emulator's hot routes (issue 7): what a terraform apply or refresh of
// the catalog, and a runtime read, cost the emulator per request. Run them with
//
//	go test -run '^$' -bench . -benchmem ./internal/emulator
//
// BenchmarkHandler calls Emulator.ServeHTTP directly (the whole per-request path: identify the
// app, read the body, count, faults, rate limit, route, handler, envelope) with the TLS state
// filled in as the server would; BenchmarkMTLS goes through a real mTLS loopback connection, kept
// alive, with the same client certificate.

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// benchConfig is the emulator as the benchmark harness runs it: no rate limit, reviews decided
// at once, a product cap that never gets in the way.
func benchConfig() emulator.Config {
	cfg := emulator.DefaultConfig()
	cfg.RateLimitPerMinute = 0
	cfg.IAPProductCap = 1 << 20
	return cfg
}

// benchHandler is an emulator driven through ServeHTTP, as the client certificate's app.
type benchHandler struct {
	emu   *emulator.Emulator
	peer  *x509.Certificate
	keyNo atomic.Int64
}

func newBenchHandler(b *testing.B) *benchHandler {
	b.Helper()
	dir := b.TempDir()
	if err := emulator.WriteCerts(dir, emulator.DefaultAppName); err != nil {
		b.Fatal(err)
	}
	emu, err := emulator.New(benchConfig(), dir)
	if err != nil {
		b.Fatal(err)
	}
	certPEM, err := os.ReadFile(filepath.Join(dir, emulator.ClientCertFile))
	if err != nil {
		b.Fatal(err)
	}
	block, _ := pem.Decode(certPEM)
	if block == nil {
		b.Fatal("no PEM block in client.pem")
	}
	peer, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		b.Fatal(err)
	}
	return &benchHandler{emu: emu, peer: peer}
}

// serve runs one request and returns the status and the success payload (or fails the benchmark
// on anything but HTTP 200 SUCCESS). Mutations carry a fresh Idempotency-Key, as the provider's
// client sends one per operation.
func (h *benchHandler) serve(b *testing.B, method, path string, body []byte) (int, []byte) {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	r := httptest.NewRequest(method, "https://127.0.0.1"+path, reader)
	r.TLS = &tls.ConnectionState{HandshakeComplete: true, PeerCertificates: []*x509.Certificate{h.peer}}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet {
		r.Header.Set("Idempotency-Key", "bench-"+strconv.FormatInt(h.keyNo.Add(1), 10))
	}
	w := httptest.NewRecorder()
	h.emu.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("%s %s: HTTP %d: %s", method, path, w.Code, w.Body.Bytes())
	}
	return w.Code, w.Body.Bytes()
}

// successOf decodes the success payload of an envelope into out.
func successOf(b *testing.B, body []byte, out any) {
	b.Helper()
	var env struct {
		ResultType string          `json:"resultType"`
		Success    json.RawMessage `json:"success"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.ResultType != "SUCCESS" {
		b.Fatalf("not a SUCCESS envelope (%v): %s", err, body)
	}
	if err := json.Unmarshal(env.Success, out); err != nil {
		b.Fatal(err)
	}
}

const benchCatalog = "/api-partner/v1/apps-in-toss/catalog"

func benchTemplate(code string) []byte {
	data, _ := json.Marshal(map[string]any{"code": code, "name": "Order shipped " + code,
		"title": "Your order has shipped", "body": "Hello {{name}}, order {{orderNo}} is on its way.",
		"landingUrl": "intoss://demo-app/orders", "agreementRequired": false})
	return data
}

func benchProduct(n int) []byte {
	data, _ := json.Marshal(map[string]any{"type": "CONSUMABLE", "name": fmt.Sprintf("Gems %d", n),
		"description": "Benchmark product", "price": 1000, "iconImgUrl": "https://example.com/gems.png"})
	return data
}

// BenchmarkHandler measures the hot routes of a catalog apply/refresh and one runtime read.
func BenchmarkHandler(b *testing.B) {
	b.Run("create-push-template", func(b *testing.B) {
		h := newBenchHandler(b)
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			h.serve(b, http.MethodPost, benchCatalog+"/push-templates", benchTemplate(fmt.Sprintf("BENCH_%d", i)))
		}
	})
	b.Run("create-iap-product", func(b *testing.B) {
		h := newBenchHandler(b)
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			h.serve(b, http.MethodPost, benchCatalog+"/iap-products", benchProduct(i))
		}
	})
	b.Run("get-push-template", func(b *testing.B) {
		h := newBenchHandler(b)
		h.serve(b, http.MethodPost, benchCatalog+"/push-templates", benchTemplate("ORDER_SHIPPED"))
		b.ReportAllocs()
		for b.Loop() {
			h.serve(b, http.MethodGet, benchCatalog+"/push-templates/demo-app-ORDER_SHIPPED", nil)
		}
	})
	b.Run("get-iap-product", func(b *testing.B) {
		h := newBenchHandler(b)
		_, body := h.serve(b, http.MethodPost, benchCatalog+"/iap-products", benchProduct(1))
		var p struct {
			ProductID string `json:"productId"`
		}
		successOf(b, body, &p)
		b.ReportAllocs()
		for b.Loop() {
			h.serve(b, http.MethodGet, benchCatalog+"/iap-products/"+p.ProductID, nil)
		}
	})
	// A list page of 100 out of 300 templates: what a lookup data source or an adoption reads.
	b.Run("list-push-templates-300", func(b *testing.B) {
		h := newBenchHandler(b)
		for i := range 300 {
			h.serve(b, http.MethodPost, benchCatalog+"/push-templates", benchTemplate(fmt.Sprintf("BENCH_%d", i)))
		}
		b.ReportAllocs()
		for b.Loop() {
			h.serve(b, http.MethodGet, benchCatalog+"/push-templates?page=1&size=100", nil)
		}
	})
	b.Run("get-order-status", func(b *testing.B) {
		h := newBenchHandler(b)
		_, body := h.serve(b, http.MethodPost, "/_emulator/users", []byte(`{"name":"홍길동"}`))
		var u struct {
			UserKey int64 `json:"userKey"`
		}
		if err := json.Unmarshal(body, &u); err != nil {
			b.Fatal(err)
		}
		_, body = h.serve(b, http.MethodPost, "/_emulator/iap-orders",
			[]byte(fmt.Sprintf(`{"userKey":%d,"sku":"gems.100","status":"PURCHASED"}`, u.UserKey)))
		var o struct {
			OrderID string `json:"orderId"`
		}
		if err := json.Unmarshal(body, &o); err != nil {
			b.Fatal(err)
		}
		req := []byte(`{"orderId":"` + o.OrderID + `"}`)
		b.ReportAllocs()
		for b.Loop() {
			h.serve(b, http.MethodPost, "/api-partner/v1/apps-in-toss/order/get-order-status", req)
		}
	})
}

// BenchmarkMTLS is the same traffic over a real mTLS loopback connection (one, kept alive).
func BenchmarkMTLS(b *testing.B) {
	inst := emulatortest.Start(b, benchConfig())
	c := inst.RawClient(b, inst.ClientCertFile, inst.ClientKeyFile)
	send := func(b *testing.B, method, path string, body []byte, key string) {
		var reader io.Reader
		if body != nil {
			reader = bytes.NewReader(body)
		}
		req, err := http.NewRequest(method, inst.URL+path, reader)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%s %s: HTTP %d (%v): %s", method, path, resp.StatusCode, err, data)
		}
	}
	send(b, http.MethodPost, benchCatalog+"/push-templates", benchTemplate("ORDER_SHIPPED"), "seed")
	userKey, _ := inst.SeedUser(b, map[string]any{"name": "홍길동"})
	orderID := inst.CreateIAPOrder(b, userKey, "gems.100", "PURCHASED")

	b.Run("create-push-template", func(b *testing.B) {
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			code := fmt.Sprintf("MTLS_%d", i)
			send(b, http.MethodPost, benchCatalog+"/push-templates", benchTemplate(code), "mtls-"+code)
		}
	})
	b.Run("get-push-template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			send(b, http.MethodGet, benchCatalog+"/push-templates/demo-app-ORDER_SHIPPED", nil, "")
		}
	})
	b.Run("get-order-status", func(b *testing.B) {
		req := []byte(`{"orderId":"` + orderID + `"}`)
		b.ReportAllocs()
		for b.Loop() {
			send(b, http.MethodPost, "/api-partner/v1/apps-in-toss/order/get-order-status", req, "")
		}
	})
}
