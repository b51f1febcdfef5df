-- One database per service (docker compose only; `npm start` creates them itself).
CREATE DATABASE episodic_catalog;
CREATE DATABASE episodic_media;
CREATE DATABASE episodic_processing;
CREATE DATABASE episodic_audit;
