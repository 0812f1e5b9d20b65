# The promotions that are granting points right now.
data "appsintoss_promotions" "running" {
  status = "RUNNING"
}

output "running_promotions" {
  value = { for p in data.appsintoss_promotions.running.promotions : p.name => p.promotion_code }
}
