// Command appsintoss-emulator is a local, faithful Apps in Toss partner API over mTLS, plus the
// project's catalog contract: the LocalStack of Apps in Toss.
//
//	appsintoss-emulator certs --out ./certs [--app demo-app]
//	appsintoss-emulator serve --certs ./certs [--addr 127.0.0.1:8443] [--state state.json]
//	    [--seed seed.json] [--review-delay 0s] [--review approve|manual]
//	    [--rate-limit-per-minute 3000] [--iap-product-cap 30] [--console-addr 127.0.0.1:8444]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
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
  appsintoss-emulator certs --out DIR [--app NAME]
  appsintoss-emulator serve --certs DIR [--addr 127.0.0.1:8443] [--state FILE] [--seed FILE]
      [--review-delay 0s] [--review approve|manual] [--rate-limit-per-minute 3000]
      [--iap-product-cap 30] [--promotion-settle-delay 0s] [--console-addr ADDR]`

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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("certs: --out is required")
	}
	if err := emulator.WriteCerts(*out, *app); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a CA, a server certificate (localhost, 127.0.0.1, ::1), client pairs for %q (client, client2) and %q (other-app), and login-secrets.json to %s\n",
		*app, emulator.OtherAppName, *out)
	return nil
}

func runServe(args []string, stdout, stderr io.Writer) error {
	def := emulator.DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	certs := fs.String("certs", "", "directory written by `appsintoss-emulator certs`")
	addr := fs.String("addr", "127.0.0.1:8443", "address to listen on")
	statePath := fs.String("state", "", "JSON file to load state from at start and save it to at stop")
	seedPath := fs.String("seed", "", "JSON file of users, payments and IAP orders to preload (ignored when --state loads)")
	reviewDelay := fs.Duration("review-delay", 0, "how long catalog entities stay IN_REVIEW before approval")
	reviewMode := fs.String("review", emulator.ReviewApprove, "approve: decide after --review-delay; manual: only POST /_emulator/reviews/{kind}/{id} decides")
	rate := fs.Int("rate-limit-per-minute", def.RateLimitPerMinute, "per-app requests per minute (0 = off)")
	productCap := fs.Int("iap-product-cap", def.IAPProductCap, "IAP products per app")
	settle := fs.Duration("promotion-settle-delay", 0, "how long a promotion grant stays PENDING in execution-result")
	consoleAddr := fs.String("console-addr", "", "also serve the console gateway (OAuth + MCP, no client certificate) on this address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *certs == "" {
		return errors.New("serve: --certs is required (create them with `appsintoss-emulator certs --out DIR`)")
	}
	if *rate < 0 || *productCap < 1 {
		return errors.New("serve: --rate-limit-per-minute must be >= 0 and --iap-product-cap >= 1")
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	cfg := def
	cfg.ReviewDelay, cfg.ReviewMode, cfg.RateLimitPerMinute = *reviewDelay, *reviewMode, *rate
	cfg.IAPProductCap, cfg.PromotionSettleDelay, cfg.StatePath = *productCap, *settle, *statePath
	cfg.Logger = logger
	if *seedPath != "" {
		seed, err := emulator.LoadSeed(*seedPath)
		if err != nil {
			return err
		}
		cfg.Seed = seed
	}
	emu, err := emulator.New(cfg, *certs)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if *consoleAddr != "" {
		consoleURL, err := startConsole(emu, *consoleAddr)
		if err != nil {
			ln.Close()
			return err
		}
		fmt.Fprintf(stdout, "appsintoss-emulator console gateway on %s (OAuth; trust %s)\n", consoleURL,
			filepath.Join(*certs, emulator.CAFile))
	}
	fmt.Fprintf(stdout, "appsintoss-emulator listening on https://%s (mTLS: client certificates from %s)\n", ln.Addr(), *certs)

	served := make(chan error, 1)
	go func() { served <- emu.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("stopping")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := emu.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; err != nil {
		return err
	}
	if *statePath != "" {
		logger.Info("state saved", "path", *statePath)
	}
	return nil
}
