# A consumable sold for 1,100 KRW (1,000 net + 10% VAT), shown to users once approved.
resource "appsintoss_iap_product" "gems_100" {
  type        = "CONSUMABLE"
  name        = "보석 100개"
  description = "게임 내 재화 보석 100개 지급"
  price       = 1000 # net KRW, VAT excluded: 400–1,400,000 in steps of 10
  icon_url    = "https://cdn.example.com/iap/gems-100.png"
  exposed     = true
}

# A monthly subscription with a one-week free trial and a discount for the first three months.
resource "appsintoss_iap_product" "premium" {
  type          = "SUBSCRIPTION"
  name          = "프리미엄 월간 구독"
  description   = "광고 제거와 프리미엄 기능 이용"
  price         = 9900
  icon_url      = "https://cdn.example.com/iap/premium.png"
  renewal_cycle = "MONTHLY"
  discount_policies = [
    { type = "FREE_TRIAL", period = "ONE_WEEK" },
    { type = "NEW_SUBSCRIPTION", duration_months = 3, discounted_price = 4900 },
  ]
  exposed         = true
  wait_for_review = true
  timeouts {
    create = "72h"
    update = "72h"
  }

  # Fail the run, rather than warn, unless the review approved the product.
  lifecycle {
    postcondition {
      condition     = self.review_status == "APPROVED"
      error_message = "Apps in Toss has not approved the subscription (${self.review_status}): ${coalesce(self.review_comment, "no comment yet")}"
    }
  }
}

output "premium_sku" {
  value = appsintoss_iap_product.premium.sku # what the SDK sells and get-order-status reports
}

output "gems_sale_price_krw" {
  value = appsintoss_iap_product.gems_100.gross_price # 1100
}
