// Command appsintoss-emulator is a local, faithful Apps in Toss partner API over mTLS, plus the
// project's catalog contract: the LocalStack of Apps in Toss.
//
//	appsintoss-emulator certs --out ./certs [--app demo-app] [--production-names]
//	appsintoss-emulator serve --certs ./certs [--addr 127.0.0.1:8443] [--pay-addr ADDR]
//	    [--env-file FILE] [--state state.json] [--seed seed.json] [--review-delay 0s]
//	    [--review approve|manual] [--rate-limit-per-minute 3000] [--iap-product-cap 30]
//	    [--promotion-settle-delay 0s] [--anon-verify-result string|boolean]
//	    [--unlink-callback-url URL] [--unlink-callback-method GET|POST] [--unlink-callback-auth VALUE]
//	    [--subscription-webhook-url URL] [--subscription-webhook-auth VALUE] [--console-addr ADDR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "appsintoss-emulator:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  appsintoss-emulator certs --out DIR [--app NAME] [--production-names]
  appsintoss-emulator serve --certs DIR [--addr 127.0.0.1:8443] [--pay-addr ADDR] [--env-file FILE]
      [--state FILE] [--seed FILE] [--review-delay 0s] [--review approve|manual]
      [--rate-limit-per-minute 3000] [--iap-product-cap 30] [--promotion-settle-delay 0s]
      [--anon-verify-result string|boolean]
      [--unlink-callback-url URL] [--unlink-callback-method GET|POST] [--unlink-callback-auth VALUE]
      [--subscription-webhook-url URL] [--subscription-webhook-auth VALUE] [--console-addr ADDR]`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "certs":
		return runCerts(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

func runCerts(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("certs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write the certificates into (created if needed)")
	app := fs.String("app", emulator.DefaultAppName, "mini-app name: the CN of client.pem and client2.pem")
	productionNames := fs.Bool("production-names", false, "also name "+emulator.ProductionAPIHost+" and "+
		emulator.ProductionPayHost+" in the server certificate (the CA can then impersonate Toss: trust it only in the process under test)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("certs: --out is required")
	}
	if err := emulator.WriteCertsWith(*out, emulator.CertOptions{App: *app, ProductionNames: *productionNames}); err != nil {
		return err
	}
	names := "localhost, 127.0.0.1, ::1"
	if *productionNames {
		names += ", " + emulator.ProductionAPIHost + ", " + emulator.ProductionPayHost
	}
	fmt.Fprintf(stdout, "wrote a CA, a server certificate (%s), client pairs for %q (client, client2) and %q (other-app), and login-secrets.json to %s\n",
		names, *app, emulator.OtherAppName, *out)
	if *productionNames {
		fmt.Fprintf(stdout, "this CA can impersonate %s and %s to whatever trusts it: trust %s only in the process under test "+
			"(SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, a container), never system-wide, and keep %s out of reach\n",
			emulator.ProductionAPIHost, emulator.ProductionPayHost, filepath.Join(*out, emulator.CAFile), filepath.Join(*out, emulator.CAKeyFile))
	}
	return nil
}

// serveFlags are the settings of `serve`.
type serveFlags struct {
	certs, addr, payAddr, consoleAddr, envFile, statePath, seedPath string
	cfg                                                             emulator.Config
}

func parseServeFlags(args []string, stderr io.Writer) (*serveFlags, error) {
	def := emulator.DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &serveFlags{cfg: def}
	fs.StringVar(&f.certs, "certs", "", "directory written by `appsintoss-emulator certs`")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8443", "address to listen on (port 0: a free one)")
	fs.StringVar(&f.payAddr, "pay-addr", "", "serve Toss Pay on this address only, as production's pay-apps-in-toss-api host; --addr then answers Toss Pay paths with 404")
	fs.StringVar(&f.consoleAddr, "console-addr", "", "also serve the console gateway (OAuth + MCP, no client certificate) on this address")
	fs.StringVar(&f.envFile, "env-file", "", "once listening, write the APPSINTOSS_* variables for the provider to this file (KEY=value lines; removed at stop)")
	fs.StringVar(&f.statePath, "state", "", "JSON file to load state from at start and save it to at stop")
	fs.StringVar(&f.seedPath, "seed", "", "JSON file of users, payments and IAP orders to preload (api/seed.schema.json; ignored when --state loads)")
	fs.DurationVar(&f.cfg.ReviewDelay, "review-delay", 0, "how long catalog entities stay IN_REVIEW before approval")
	fs.StringVar(&f.cfg.ReviewMode, "review", emulator.ReviewApprove, "approve: decide after --review-delay; manual: only POST /_emulator/reviews/{kind}/{id} decides")
	fs.IntVar(&f.cfg.RateLimitPerMinute, "rate-limit-per-minute", def.RateLimitPerMinute, "per-app requests per minute (0 = off)")
	fs.IntVar(&f.cfg.IAPProductCap, "iap-product-cap", def.IAPProductCap, "IAP products per app")
	fs.DurationVar(&f.cfg.PromotionSettleDelay, "promotion-settle-delay", 0, "how long a promotion grant stays PENDING in execution-result")
	fs.StringVar(&f.cfg.AnonVerifyResult, "anon-verify-result", emulator.AnonVerifyString, `anonymous-key verify success payload: string ("true", the guide) or boolean (true, the OAS)`)
	fs.StringVar(&f.cfg.UnlinkCallback.URL, "unlink-callback-url", "", "the console's unlink callback URL: POST /_emulator/users/{userKey}/unlink calls it")
	fs.StringVar(&f.cfg.UnlinkCallback.Method, "unlink-callback-method", http.MethodPost, "GET (userKey and referrer in the query) or POST (JSON body)")
	fs.StringVar(&f.cfg.UnlinkCallback.Auth, "unlink-callback-auth", "", "the console's Basic auth value, sent as Authorization: Basic base64(VALUE)")
	fs.StringVar(&f.cfg.SubscriptionWebhook.URL, "subscription-webhook-url", "", "the 결제 알림 URL: callback.registration_verification at start, subscription.status_changed on POST /_emulator/iap-orders/{orderId}/subscription-events")
	fs.StringVar(&f.cfg.SubscriptionWebhook.Auth, "subscription-webhook-auth", "", "Basic auth value of the subscription webhook, sent as Authorization: Basic base64(VALUE)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if f.certs == "" {
		return nil, errors.New("serve: --certs is required (create them with `appsintoss-emulator certs --out DIR`)")
	}
	if f.cfg.RateLimitPerMinute < 0 || f.cfg.IAPProductCap < 1 {
		return nil, errors.New("serve: --rate-limit-per-minute must be >= 0 and --iap-product-cap >= 1")
	}
	f.cfg.UnlinkCallback.Method = strings.ToUpper(f.cfg.UnlinkCallback.Method)
	f.cfg.StatePath = f.statePath
	return f, nil
}

func runServe(args []string, stdout, stderr io.Writer) error {
	f, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	f.cfg.Logger = logger
	if f.seedPath != "" {
		if f.cfg.Seed, err = emulator.LoadSeed(f.seedPath); err != nil {
			return err
		}
	}
	emu, err := emulator.New(f.cfg, f.certs)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Every listener is bound before the emulator says it is ready: a client that reads the ready
	// line or the --env-file can connect at once.
	lns, err := listen(f)
	if err != nil {
		return err
	}
	if f.consoleAddr != "" {
		if lns.consoleURL, err = startConsole(emu, f.consoleAddr); err != nil {
			lns.close()
			return err
		}
	}
	if d := emu.VerifySubscriptionWebhook(ctx); d.Attempted {
		logger.Info("subscription webhook: callback.registration_verification sent", "delivered", d.Delivered, "status", d.Status)
	}
	if err := announce(f, lns, emu, stdout); err != nil {
		lns.close()
		return err
	}

	served := make(chan error, 2)
	if lns.pay == nil {
		go func() { served <- emu.Serve(lns.api) }()
	} else {
		go func() { served <- emu.ServeAPI(lns.api) }()
		go func() { served <- emu.ServePay(lns.pay) }()
	}
	var errs []error
	select {
	case err := <-served: // a listener failed
		errs = append(errs, err)
	case <-ctx.Done():
	}
	if f.envFile != "" {
		_ = os.Remove(f.envFile) // it would point at an emulator that is gone
	}
	logger.Info("stopping")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs = append(errs, emu.Shutdown(shutdownCtx))
	for len(errs) < lns.count()+1 {
		errs = append(errs, <-served)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if f.statePath != "" {
		logger.Info("state saved", "path", f.statePath)
	}
	return nil
}

// listeners are the sockets serve bound.
type listeners struct {
	api, pay   net.Listener
	consoleURL string // the console gateway's MCP URL; "" without --console-addr
}

func listen(f *serveFlags) (*listeners, error) {
	api, err := net.Listen("tcp", f.addr)
	if err != nil {
		return nil, fmt.Errorf("serve: --addr: %w", err)
	}
	lns := &listeners{api: api}
	if f.payAddr != "" {
		if lns.pay, err = net.Listen("tcp", f.payAddr); err != nil {
			api.Close()
			return nil, fmt.Errorf("serve: --pay-addr: %w", err)
		}
	}
	return lns, nil
}

func (l *listeners) close() {
	l.api.Close()
	if l.pay != nil {
		l.pay.Close()
	}
}

func (l *listeners) count() int {
	if l.pay == nil {
		return 1
	}
	return 2
}

// announce writes the --env-file and prints the ready line(s). The first line's format is what
// scripts wait for: "appsintoss-emulator listening on https://ADDR (…".
func announce(f *serveFlags, lns *listeners, emu *emulator.Emulator, stdout io.Writer) error {
	certDir, err := filepath.Abs(f.certs)
	if err != nil {
		return err
	}
	s := serving{APIURL: dialableURL(lns.api.Addr()), CertDir: certDir, LoginSecret: emu.LoginSecret(emu.DefaultApp())}
	s.PayURL = s.APIURL
	if lns.pay != nil {
		s.PayURL = dialableURL(lns.pay.Addr())
	}
	if lns.consoleURL != "" {
		if s.ConsoleCredentials, err = emu.IssueConsoleCredentials(); err != nil {
			return err
		}
		s.ConsoleURL = lns.consoleURL
	}
	if f.envFile != "" {
		vars, err := envVars(s)
		if err != nil {
			return err
		}
		if err := writeEnvFile(f.envFile, vars); err != nil {
			return err
		}
	}
	// The console line comes first: scripts wait for the "listening" line, and by then every
	// line about the emulator must be out.
	if lns.consoleURL != "" {
		fmt.Fprintf(stdout, "appsintoss-emulator console gateway on %s (OAuth; trust %s)\n", lns.consoleURL,
			filepath.Join(certDir, emulator.CAFile))
	}
	if lns.pay == nil {
		fmt.Fprintf(stdout, "appsintoss-emulator listening on https://%s (mTLS: client certificates from %s)\n", lns.api.Addr(), f.certs)
	} else {
		fmt.Fprintf(stdout, "appsintoss-emulator listening on https://%s (mTLS: client certificates from %s; Toss Pay on https://%s only)\n",
			lns.api.Addr(), f.certs, lns.pay.Addr())
	}
	if f.envFile != "" {
		fmt.Fprintf(stdout, "appsintoss-emulator wrote the provider's APPSINTOSS_* variables to %s\n", f.envFile)
	}
	return nil
}
