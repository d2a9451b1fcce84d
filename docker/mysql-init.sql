-- One database and one user per subgraph: a partner's subgraph can read and write its own data only.
CREATE DATABASE IF NOT EXISTS plancrack_plan CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS plancrack_police_justice CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS plancrack_health CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS plancrack_social CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS plancrack_ratp CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'plan'@'%' IDENTIFIED BY 'plan-secret';
CREATE USER IF NOT EXISTS 'police_justice'@'%' IDENTIFIED BY 'police-justice-secret';
CREATE USER IF NOT EXISTS 'health'@'%' IDENTIFIED BY 'health-secret';
CREATE USER IF NOT EXISTS 'social'@'%' IDENTIFIED BY 'social-secret';
CREATE USER IF NOT EXISTS 'ratp'@'%' IDENTIFIED BY 'ratp-secret';
GRANT ALL PRIVILEGES ON plancrack_plan.* TO 'plan'@'%';
GRANT ALL PRIVILEGES ON plancrack_police_justice.* TO 'police_justice'@'%';
GRANT ALL PRIVILEGES ON plancrack_health.* TO 'health'@'%';
GRANT ALL PRIVILEGES ON plancrack_social.* TO 'social'@'%';
GRANT ALL PRIVILEGES ON plancrack_ratp.* TO 'ratp'@'%';
